import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_PATHS } from '../pages/pages.setup';
import { escapeHtml, sendPrivacyPage as send, tokenOf } from './privacy-page';
import { UnsubscribeService } from './unsubscribe.service';

const TEXT = {
  title: 'Unsubscribe / 配信停止',
  ask: (address: string) =>
    `Stop invitations, announcements and follow-ups to ${address}? Confirmations and changes of events you registered for still reach you. / ` +
    `${address} への招待・お知らせ・フォローアップの配信を停止しますか？登録済みのイベントの確認や変更のお知らせは引き続き届きます。`,
  button: 'Unsubscribe / 配信を停止する',
  done: (address: string) => `${address} is unsubscribed. / ${address} への配信を停止しました。`,
  invalid: 'This unsubscribe link is not valid. / この配信停止リンクは無効です。',
};

/**
 * `GET /unsubscribe?token=` shows a button (mail scanners open links; only a
 * POST acts); `POST /unsubscribe?token=` unsubscribes, the token in the URL as
 * RFC 8058 has it (the body `List-Unsubscribe=One-Click` is what providers
 * send; the button sends the same). No session and no CSRF token: the token
 * is the authorization, and the POST changes nothing but its own address.
 */
@ApiExcludeController()
@Controller()
export class UnsubscribeController {
  constructor(private readonly unsubscribes: UnsubscribeService) {}

  @Get(PAGE_PATHS.unsubscribe)
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = tokenOf(request);
    const address = await this.unsubscribes.addressOf(token);
    if (!address) return send(reply, TEXT.title, 404, `<p>${TEXT.invalid}</p>`);
    await send(
      reply,
      TEXT.title,
      200,
      `<p>${escapeHtml(TEXT.ask(address))}</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(token as string)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${TEXT.button}</button>
</form>`,
    );
  }

  @Post(PAGE_PATHS.unsubscribe)
  async unsubscribe(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const token = tokenOf(request);
    const address = await this.unsubscribes.addressOf(token);
    if (!address || !(await this.unsubscribes.unsubscribe(token))) {
      return send(reply, TEXT.title, 404, `<p>${TEXT.invalid}</p>`);
    }
    await send(reply, TEXT.title, 200, `<p role="status">${escapeHtml(TEXT.done(address))}</p>`);
  }
}
