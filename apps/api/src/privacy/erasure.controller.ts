import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentCaller } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { auditActorOf } from './audit-actor';
import { IsStrictEmail } from '../http/validators';
import { ErasureService, type ErasureResult } from './erasure.service';

export class EraseDto {
  @ApiProperty({ example: 'hanako.yamada@example.jp', description: 'The person to erase, matched normalised' })
  @IsStrictEmail()
  email: string;
}

@ApiTags('privacy')
@Controller('erasures')
export class ErasureController {
  constructor(private readonly erasures: ErasureService) {}

  /** Hub admin: erases a person's registrations, invitations and pending emails by address. */
  @Post()
  @HttpCode(200)
  @Auth('admin')
  erase(@Body() body: EraseDto, @CurrentCaller() caller: Caller): Promise<ErasureResult> {
    return this.erasures.erase(body.email, auditActorOf(caller));
  }
}
