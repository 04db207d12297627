import { AgreementEntity } from '@cohost/database';
import { agreementEnd, agreementState, DomainError, PARTNER_SLUG_PATTERN } from '@cohost/domain';
import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CreateAgreementDto, TerminateAgreementDto } from '../../agreements/dto/agreement.dto';
import { AgreementsService } from '../../agreements/agreements.service';
import { PartnersService } from '../../partners/partners.service';
import { FieldError, fieldErrors, FormValues, readFormValues, validateInto } from '../console-form';
import { CONSOLE_PATHS } from '../console-paths';
import { ConsoleRenderer, ConsoleView } from '../console-renderer.service';
import type { ConsoleMessageKey } from '../i18n';
import type { ConsoleRequest } from '../console-errors';
import { ConsoleAuth, ConsoleController } from '../session/console-auth';
import { requireUuid } from '../../pages/page-params';
import { noticeOf, partnerNameIn, seeOther } from './admin-pages';

const FIELDS = ['partner_a', 'partner_b', 'kind', 'signedOn', 'effectiveFrom', 'expiresOn'] as const;

/** Today as the API's agreement answers count it (UTC). */
const today = () => new Date().toISOString().slice(0, 10);

function fieldOf(path: string): string | undefined {
  if (path === 'partners' || path === 'partners.0') return 'partner_a';
  if (path === 'partners.1') return 'partner_b';
  return (FIELDS as readonly string[]).includes(path) ? path : undefined;
}

/** Domain errors of AgreementsService that belong to one field of the form. */
const FIELD_OF_CODE: Record<string, string> = {
  AGREEMENT_SAME_PARTNER: 'partner_b',
  PARTNER_NOT_FOUND: 'partner_a',
  AGREEMENT_DATES: 'expiresOn',
};

/** Hub admin: agreements (list with the state today, record, terminate) on AgreementsService. */
@ConsoleController('admin/agreements')
@ConsoleAuth('admin')
export class AgreementsAdminController {
  constructor(
    private readonly renderer: ConsoleRenderer,
    private readonly agreements: AgreementsService,
    private readonly partners: PartnersService,
  ) {}

  @Get()
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const day = today();
    const agreements = await this.agreements.list();
    await this.renderer.render(reply, view, 'admin/agreements.eta', {
      title: view.t('agreements.title'),
      today: day,
      notice: noticeOf(request, view, { created: 'agreements.created', terminated: 'agreements.terminated' }, (_, v) =>
        /^\d{4}-\d{2}-\d{2}$/.test(v) || v === '1' ? v : null,
      ),
      agreements: agreements.map((a) => this.row(a, view, day)),
    });
  }

  @Get('new')
  async newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const view = await this.renderer.view(request, reply);
    const values: FormValues = {
      partner_a: '',
      partner_b: '',
      kind: 'MOC',
      signedOn: '',
      effectiveFrom: '',
      expiresOn: '',
    };
    await this.form(reply, view, values, []);
  }

  @Post()
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const values = readFormValues(body, FIELDS, 100);
    const view = await this.renderer.view(request, reply, { path: `${CONSOLE_PATHS.admin.agreements}/new` });
    const check = await validateInto(CreateAgreementDto, {
      partners: [values.partner_a, values.partner_b],
      kind: values.kind,
      signedOn: values.signedOn,
      effectiveFrom: values.effectiveFrom,
      ...(values.expiresOn ? { expiresOn: values.expiresOn } : {}),
    });
    const invalid = (paths: Record<string, string[]>) =>
      this.form(
        reply,
        view,
        values,
        fieldErrors(paths, fieldOf, (f) => view.t(`field.${f}` as ConsoleMessageKey)),
        400,
      );
    if (!check.ok) {
      // `partners` is one array in the DTO: point at whichever of the two selects is wrong.
      const { partners, ...rest } = check.fields;
      const wrong = partners
        ? (['partner_a', 'partner_b'] as const).filter((f) => !PARTNER_SLUG_PATTERN.test(values[f]))
        : [];
      return invalid({ ...rest, ...Object.fromEntries((wrong.length ? wrong : ['partner_a']).map((f) => [f, []])) });
    }
    try {
      await this.agreements.create(check.value);
    } catch (error) {
      const field = error instanceof DomainError ? FIELD_OF_CODE[error.code] : undefined;
      if (field) return invalid({ [field]: [] });
      if (error instanceof DomainError && error.code === 'INVALID_DATE') {
        return invalid(
          Object.fromEntries(['signedOn', 'effectiveFrom', 'expiresOn'].filter((f) => values[f]).map((f) => [f, []])),
        );
      }
      throw error;
    }
    seeOther(reply, `${CONSOLE_PATHS.admin.agreements}?created=1`);
  }

  @Get(':id/terminate')
  async terminateForm(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const agreement = await this.agreements.get(requireUuid(id));
    const view = await this.renderer.view(request, reply);
    // `?on=` previews another date (the page's GET form); anything but a date is today.
    const on = (request.query as Record<string, unknown> | undefined)?.on;
    const terminatedOn = typeof on === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(on) ? on : today();
    await this.terminatePage(reply, view, agreement, { terminatedOn }, []);
  }

  @Post(':id/terminate')
  async terminate(
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const agreement = await this.agreements.get(requireUuid(id));
    const view = await this.renderer.view(request, reply, {
      path: `${CONSOLE_PATHS.admin.agreements}/${id}/terminate`,
    });
    const values = readFormValues(body, ['terminatedOn'], 100);
    const invalid = () =>
      this.terminatePage(
        reply,
        view,
        agreement,
        values,
        [{ id: 'f-terminatedOn', field: 'terminatedOn', message: view.t('field.terminatedOn') }],
        400,
      );
    const check = await validateInto(TerminateAgreementDto, values);
    if (!check.ok) return invalid();
    try {
      const email = (request as ConsoleRequest).consoleSession?.email ?? null;
      await this.agreements.terminate(
        agreement.id,
        check.value,
        email ? { kind: 'admin', id: email } : { kind: 'admin' },
      );
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'INVALID_DATE' || error.code === 'AGREEMENT_DATES')) {
        return invalid();
      }
      throw error;
    }
    seeOther(reply, `${CONSOLE_PATHS.admin.agreements}?terminated=${encodeURIComponent(check.value.terminatedOn)}`);
  }

  private row(a: AgreementEntity, view: ConsoleView, day: string) {
    const state = agreementState(a, day);
    const end = agreementEnd(a);
    const names = [partnerNameIn(a.partnerA!, view.locale), partnerNameIn(a.partnerB!, view.locale)];
    return {
      id: a.id,
      partners: names,
      kind: a.kind,
      state,
      stateLabel: view.t(`state.${state}`),
      signedOn: a.signedOn,
      effectiveFrom: a.effectiveFrom,
      ends: end
        ? view.t(end.reason === 'terminated' ? 'agreements.endsTerminated' : 'agreements.endsExpires', {
            date: end.date,
          })
        : view.t('agreements.endsNever'),
      canTerminate: !a.terminatedOn,
      terminateLabel: view.t('agreements.terminateLabel', { a: names[0], b: names[1] }),
    };
  }

  private async form(
    reply: FastifyReply,
    view: ConsoleView,
    values: FormValues,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    const partners = await this.partners.list();
    await this.renderer.render(
      reply,
      view,
      'admin/agreement-form.eta',
      {
        title: view.t('agreements.newTitle'),
        values,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
        partners: [
          { value: '', label: view.t('agreement.choose') },
          ...partners.map((p) => ({ value: p.slug, label: partnerNameIn(p, view.locale) })),
        ],
        kinds: [
          { value: 'MOC', label: view.t('agreement.kindMOC') },
          { value: 'MOU', label: view.t('agreement.kindMOU') },
        ],
      },
      status,
    );
  }

  private async terminatePage(
    reply: FastifyReply,
    view: ConsoleView,
    agreement: AgreementEntity,
    values: FormValues,
    errors: FieldError[],
    status = 200,
  ): Promise<void> {
    // What the termination would end, shown before the admin confirms (the same rule the termination applies).
    const on = /^\d{4}-\d{2}-\d{2}$/.test(values.terminatedOn ?? '') ? values.terminatedOn : null;
    const affected = on
      ? await this.agreements.terminationPreview(agreement.id, on).catch((error: unknown) => {
          if (error instanceof DomainError) return [];
          throw error;
        })
      : [];
    return this.renderer.render(
      reply,
      view,
      'admin/agreement-terminate.eta',
      {
        title: view.t('agreements.terminateTitle'),
        intro: view.t('agreements.terminateIntro', {
          a: partnerNameIn(agreement.partnerA!, view.locale),
          b: partnerNameIn(agreement.partnerB!, view.locale),
          kind: agreement.kind,
          from: agreement.effectiveFrom,
        }),
        action: `${CONSOLE_PATHS.admin.agreements}/${agreement.id}/terminate`,
        previewOn: on,
        affected: affected.map((e) => ({
          title: (view.locale === 'ja' ? (e.title.ja ?? e.title.en) : (e.title.en ?? e.title.ja)) ?? e.slug,
          startsAt: e.startsAt.toISOString(),
          when: e.startsAt.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
        })),
        values,
        errors,
        error: errors.length > 0 ? view.t('form.invalid') : null,
      },
      status,
    );
  }
}
