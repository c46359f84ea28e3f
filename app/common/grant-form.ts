import type { GrantInputs, ProviderField, ProviderMeta } from '../providers/provider-meta';

/**
 * What the add/edit form asks for, by the chosen OAuth2 grant: pure, so the dashboard and its tests
 * share it. Providers without grants (every non-OAuth API) ask for a user name and a password.
 */
export interface FormNeeds {
  username: boolean;
  password: boolean;
  /** `none`: the provider has no client secret at all. */
  clientSecret: 'required' | 'optional' | 'none';
  /** A person signs in (browser or device code): nothing to check before saving. */
  interactive: boolean;
}

const plainNeeds: FormNeeds = { username: true, password: true, clientSecret: 'none', interactive: false };

/** The grants the provider offers, in the order of its Grant field. */
export function grantChoices(meta: ProviderMeta | undefined): readonly string[] {
  if (meta?.grantInputs === undefined) return [];
  return grantField(meta)?.choices ?? Object.keys(meta.grantInputs);
}

/**
 * The grant a new account starts with, as the CLI chooses without --grant and without a user name
 * or secret: a browser sign-in where the provider has one, else the password grant.
 */
export function defaultGrant(meta: ProviderMeta | undefined): string | undefined {
  const choices = grantChoices(meta);
  if (choices.length === 0) return undefined;
  return choices.includes('authorization_code')
    ? 'authorization_code'
    : (choices.find((c) => c === 'password') ?? choices[0]);
}

/** A saved account without a grant option uses the password grant (as the wallet does). */
export function grantOf(
  meta: ProviderMeta | undefined,
  options: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (grantChoices(meta).length === 0) return undefined;
  return options.grant ?? 'password';
}

export function formNeeds(meta: ProviderMeta | undefined, grant: string | undefined): FormNeeds {
  const inputs: GrantInputs | undefined = grant === undefined ? undefined : meta?.grantInputs?.[grant];
  if (inputs === undefined) return plainNeeds;
  return {
    username: inputs.username,
    password: inputs.password,
    clientSecret: inputs.clientSecret,
    interactive: grant === 'authorization_code' || grant === 'device_code',
  };
}

/** The option fields the chosen grant uses, without the Grant field itself (the form shows that first). */
export function fieldsFor(meta: ProviderMeta | undefined, grant: string | undefined): ProviderField[] {
  return (meta?.fields ?? []).filter(
    (field) =>
      !(meta?.grantInputs !== undefined && field.key === 'grant') &&
      (field.grants === undefined || grant === undefined || field.grants.includes(grant)),
  );
}

function grantField(meta: ProviderMeta): ProviderField | undefined {
  return meta.fields.find((field) => field.key === 'grant');
}
