/** The part of @qiun/ucharts (plain JS, no typings) this app uses; see u-charts.js in node_modules. */
declare module '@qiun/ucharts' {
  export default class UCharts {
    /** Draws at once (after one timer tick; no animation when `animation` is false). */
    constructor(opts: Record<string, unknown>);
    addEventListener(type: 'renderComplete', listener: () => void): void;
    stopAnimation(): void;
  }
}
