import { clusterTopology, mergeValues } from './topology';

const chartDefaults = {
  gateway: { enabled: true },
  serviceDefaults: { replicas: 1, env: {}, streetGroups: [] },
  services: { identity: {}, ticketing: { env: { DUPLICATE_RADIUS_M: '100' } }, dispatch: {}, councils: { enabled: true } },
};

describe("the cluster's topology, read from the chart's values", () => {
  it('runs each service once for every street, and the gateway, without street groups', () => {
    expect(clusterTopology(chartDefaults).map((p) => [p.name, p.app, p.streets])).toEqual([
      ['councils', 'councils', '*'],
      ['dispatch', 'dispatch', '*'],
      ['identity', 'identity', '*'],
      ['ticketing', 'ticketing', '*'],
      ['gateway', 'gateway', '*'],
    ]);
  });

  it("splits a service into its street groups and a default group for the other streets and `all`", () => {
    const values = mergeValues(chartDefaults, {
      streets: ['s01', 's02', 's03'],
      services: {
        ticketing: { streetGroups: [{ name: 'busy', streets: ['s02'], env: { DUPLICATE_RADIUS_M: '50' } }] },
        councils: { enabled: false },
        identity: null,
      },
    });
    expect(clusterTopology(values)).toEqual([
      { name: 'dispatch', app: 'dispatch', streets: '*', env: {} },
      { name: 'ticketing-busy', app: 'ticketing', streets: 's02', env: { DUPLICATE_RADIUS_M: '50' } },
      { name: 'ticketing', app: 'ticketing', streets: 's01,s03,all', env: { DUPLICATE_RADIUS_M: '100' } },
      { name: 'gateway', app: 'gateway', streets: '*', env: {} },
    ]);
  });

  it('refuses what the chart refuses: groups without the district streets, a street in two groups', () => {
    const group = (streets: string[]) => ({ name: `g${streets.join('')}`, streets });
    expect(() => clusterTopology(mergeValues(chartDefaults, { services: { ticketing: { streetGroups: [group(['s01'])] } } }))).toThrow(
      /needs the district's street codes/,
    );
    expect(() =>
      clusterTopology(mergeValues(chartDefaults, { streets: ['s01'], services: { ticketing: { streetGroups: [group(['s01']), group(['s01'])] } } })),
    ).toThrow(/s01 is in two groups/);
    expect(() => clusterTopology(mergeValues(chartDefaults, { streets: ['s01'], services: { dispatch: { streetGroups: [group(['s07'])] } } }))).toThrow(
      /s07 is not in `streets`/,
    );
  });

  it('merges values files as Helm does: maps by key, lists replaced, null removing a key', () => {
    expect(mergeValues({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: null }, { a: { e: 'x' } })).toEqual({ a: { b: 1, c: [3], e: 'x' } });
  });
});
