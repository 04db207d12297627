import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'partners' })
@Unique('partners_slug_key', ['slug'])
@Check('partners_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
@Check('partners_country_check', `country ~ '^[A-Z]{2}$'`)
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  slug: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_ja', type: 'text', nullable: true })
  nameJa: string | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @Column({ type: 'char', length: 2 })
  country: string;

  /** IANA time zone, e.g. Asia/Tokyo. */
  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'contact_email', type: 'text' })
  contactEmail: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
