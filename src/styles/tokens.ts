/**
 * Design tokens for values needed in TypeScript (tab bar colours, inline styles). The same values are
 * declared as CSS custom properties in tokens.css; test/ui/components/tokens.test.ts checks both
 * agree and that every text colour reaches 4.5:1 on the backgrounds it is used on.
 */
export const color = {
  /** Page background (grey) and card surface (white). */
  pageBg: '#f4f6f3',
  surface: '#ffffff',
  /** Body text. */
  text: '#1f2a1f',
  /** Secondary text (was #7a8577: 3.85:1 on white). */
  textMuted: '#5c665a',
  /** Brand green: links, primary buttons, selected tab. */
  primary: '#2f7d4f',
  /** Text on a primary-coloured fill. */
  onPrimary: '#ffffff',
  /** Gains (+173): a darker green so it also passes on the positive tag fill. */
  positive: '#276b43',
  positiveBg: '#e8f3ec',
  /** Losses (−50) and errors. */
  negative: '#b3412c',
  negativeBg: '#fdecea',
  /** Warnings (was orange #b36b00: 4.18:1 on white). */
  warning: '#8a4b00',
  warningBg: '#fff4e5',
  /** Lines and disabled fills (never used for text). */
  border: '#dfe5dc',
  divider: '#eef1ec',
  skeleton: '#e6eae4',
  /** Dialog backdrop. */
  scrim: 'rgba(0, 0, 0, 0.45)',
} as const;

export type ColorName = keyof typeof color;

/** Every text colour and each background it is drawn on. */
export const textPairs: ReadonlyArray<readonly [fg: ColorName, bg: ColorName]> = [
  ['text', 'surface'],
  ['text', 'pageBg'],
  ['textMuted', 'surface'],
  ['textMuted', 'pageBg'],
  ['primary', 'surface'],
  ['primary', 'pageBg'],
  ['onPrimary', 'primary'],
  ['positive', 'surface'],
  ['positive', 'positiveBg'],
  ['negative', 'surface'],
  ['negative', 'negativeBg'],
  ['negative', 'pageBg'],
  ['warning', 'surface'],
  ['warning', 'warningBg'],
  ['text', 'warningBg'],
  ['textMuted', 'positiveBg'],
  // Disabled buttons (积分不足) still say something: muted text on the skeleton fill.
  ['textMuted', 'skeleton'],
  ['negative', 'warningBg'],
];

/** Spacing steps in design px (750 wide; Taro turns them into rpx / rem). */
export const space = { xs: 8, sm: 16, md: 24, lg: 32, xl: 48 } as const;

/** Corner radii in design px. */
export const radius = { sm: 8, md: 20, pill: 999 } as const;

/** Type sizes in design px. */
export const fontSize = { xs: 22, sm: 24, md: 28, lg: 32, xl: 40, xxl: 56 } as const;
