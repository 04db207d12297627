import { readLinkKey } from '@cohost/database';
import { readAddressLink } from '@cohost/domain';
import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { PAGE_PATHS } from '../pages/pages.setup';
import { ErasureService } from './erasure.service';
import { escapeHtml, sendPrivacyPage as send, tokenOf } from './privacy-page';

const TITLE = 'Erase my data / データの削除';
const TEXT = {
  ask: (address: string) =>
    `Erase the name, address and organization of ${address} from every registration and invitation on cohost? ` +
    'Your registrations stay counted but you will get no more emails about them. This cannot be undone. / ' +
    `cohost 上のすべての登録と招待から ${address} の氏名・メールアドレス・所属を削除しますか？` +
    '人数には数えられたままですが、今後メールは届きません。元に戻せません。',
  button: 'Erase my data / データを削除する',
  done: 'Your data has been erased. / データを削除しました。',
  invalid: 'This link is not valid. / このリンクは無効です。',
};

/**
 * A registrant's own erasure request, from the link in every email's footer
 * (`/erasure?token=`, an HMAC of the address for the purpose `erase`). The GET
 * only asks; the POST erases within the request, through the same service as
 * the admin API.
 */
@ApiExcludeController()
@Controller()
export class SelfErasureController {
  private key?: Promise<string>;

  constructor(
    private readonly erasures: ErasureService,
    private readonly dataSource: DataSource,
  ) {}

  private async addressOf(request: FastifyRequest): Promise<string | null> {
    this.key ??= readLinkKey(this.dataSource.manager);
    return readAddressLink(await this.key, 'erase', tokenOf(request));
  }

  @Get(PAGE_PATHS.erasure)
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const address = await this.addressOf(request);
    if (!address) return send(reply, TITLE, 404, `<p>${TEXT.invalid}</p>`);
    const action = `/erasure?token=${encodeURIComponent(tokenOf(request) as string)}`;
    await send(
      reply,
      TITLE,
      200,
      `<p>${escapeHtml(TEXT.ask(address))}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">${TEXT.button}</button></form>`,
    );
  }

  @Post(PAGE_PATHS.erasure)
  async erase(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const address = await this.addressOf(request);
    if (!address) return send(reply, TITLE, 404, `<p>${TEXT.invalid}</p>`);
    await this.erasures.erase(address, { kind: 'registrant' });
    await send(reply, TITLE, 200, `<p role="status">${TEXT.done}</p>`);
  }
}
