import { WalletError } from '../errors';
import { isProviderKind, type ProviderKind } from '../model';
import { oauth2GenericProvider, oidcProvider, veeamVaoProvider, vyoptaProvider } from './oauth2-token';
import type { Provider, ProviderMeta } from './provider';
import { ribbonSbcProvider } from './ribbon-sbc';
import { sensuProvider } from './sensu';
import { vssProvider } from './vss';

const providers: Readonly<Record<ProviderKind, Provider>> = {
  vss: vssProvider,
  'ribbon-sbc': ribbonSbcProvider,
  sensu: sensuProvider,
  vyopta: vyoptaProvider,
  'veeam-vao': veeamVaoProvider,
  oidc: oidcProvider,
  oauth2: oauth2GenericProvider,
};

export function providerFor(kind: string): Provider {
  if (!isProviderKind(kind)) {
    throw new WalletError('usage', `unknown provider "${kind}"; choose one of ${Object.keys(providers).join(', ')}`, { field: 'provider' });
  }
  return providers[kind];
}

/** Metadata of every provider, for forms, help texts and snippets. */
export function providerCatalog(): ProviderMeta[] {
  return Object.values(providers).map((provider) => provider.meta);
}
