import { IsString } from 'class-validator';
import { IsStrictEmail } from '../../http/validators';

/** The sign-in form: the address a link goes to (the API's rule for addresses). */
export class SignInRequestDto {
  @IsString()
  @IsStrictEmail()
  email: string;
}
