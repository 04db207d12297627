import type { Locale } from '../../locale';
import { en } from './en';
import { ja } from './ja';
import type { TemplateSet } from './template';

export type {
  ConsoleUserTemplate,
  ConsoleUserVars,
  KindTemplate,
  PartnerTemplate,
  PartnerVars,
  TemplateSet,
  TemplateVars,
  Words,
} from './template';

/** The template sets, one per language; each must have a template for every kind of the catalogue. */
export const TEMPLATES: Record<Locale, TemplateSet> = { en, ja };
