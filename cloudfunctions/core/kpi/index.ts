/** KPIs for the manager's screen: daily rollups, customer counters, the summary, CSV. */
export * from './rollup';
export * from './customers';
export * from './summary';
export * from './csv';
