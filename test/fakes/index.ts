import type { FakeState, Knobs, RunningServer, Stats } from './fake-server';
import { startRibbonFake, type RibbonFake } from './ribbon-sbc';
import { startSensuFake, type SensuFake } from './sensu';
import { startVeeamFake, type VeeamFake } from './veeam-vao';
import { startVssFake, type VssFake } from './vss';
import { startVyoptaFake, type VyoptaFake } from './vyopta';

export type FakeKind = 'vss' | 'ribbon-sbc' | 'sensu' | 'vyopta' | 'veeam-vao';

export interface FakeOptions {
  tls?: { key: string; cert: string };
  users?: Record<string, string>;
  lifetimeSec?: number;
}

/** What every fake offers, whatever its API. */
export interface Fake extends RunningServer {
  state: FakeState;
  knobs: Knobs;
  stats: Stats;
  isValid(token: string): boolean;
}

interface FakeByKind {
  vss: VssFake;
  'ribbon-sbc': RibbonFake;
  sensu: SensuFake;
  vyopta: VyoptaFake;
  'veeam-vao': VeeamFake;
}

const starters: { [K in FakeKind]: (options: FakeOptions) => Promise<FakeByKind[K]> } = {
  vss: startVssFake,
  'ribbon-sbc': startRibbonFake,
  sensu: startSensuFake,
  vyopta: startVyoptaFake,
  'veeam-vao': startVeeamFake,
};

export async function startFake<K extends FakeKind>(kind: K, options: FakeOptions = {}): Promise<Fake & FakeByKind[K]> {
  const fake = await starters[kind](options);
  return Object.assign(fake as FakeByKind[K] & { state: FakeState }, {
    knobs: fake.state.knobs,
    stats: fake.state.stats,
    isValid: (token: string) => fake.state.isValid(token),
  }) as Fake & FakeByKind[K];
}
