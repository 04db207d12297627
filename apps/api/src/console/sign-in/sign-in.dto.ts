import { IsStrictEmail } from '../../http/validators';

/** The sign-in form: the address a link goes to (the API's rule for addresses, stored normalised). */
export class SignInRequestDto {
  @IsStrictEmail()
  email: string;
}
