import { readFileSync } from 'fs';
import path from 'path';
import { color, fontSize, radius, space, textPairs, type ColorName } from '@/styles/tokens';

/** WCAG 2 relative luminance of '#rrggbb'. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

describe('design tokens', () => {
  it('computes contrast like WCAG (black on white 21:1, the old grey 3.85:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#7a8577', '#ffffff')).toBeCloseTo(3.85, 2);
    expect(contrast('#b36b00', '#ffffff')).toBeCloseTo(4.18, 2);
  });

  it.each(textPairs.map(([fg, bg]) => [fg, bg] as const))('%s text on %s reaches 4.5:1', (fg: ColorName, bg: ColorName) => {
    expect(contrast(color[fg], color[bg])).toBeGreaterThanOrEqual(4.5);
  });

  it('pairs every text colour with at least one background', () => {
    const textColours: ColorName[] = ['text', 'textMuted', 'primary', 'onPrimary', 'positive', 'negative', 'warning'];
    for (const c of textColours) expect(textPairs.some(([fg]) => fg === c)).toBe(true);
  });

  it('declares the same values in tokens.css', () => {
    const css = readFileSync(path.join(__dirname, '../../../src/styles/tokens.css'), 'utf8');
    const declared = new Map(Array.from(css.matchAll(/--([a-z-]+):\s*([^;]+);/g), (m) => [m[1]!, m[2]!.trim()]));
    for (const [name, value] of Object.entries(color)) expect(declared.get(`color-${kebab(name)}`)).toBe(value);
    for (const [name, value] of Object.entries(space)) expect(declared.get(`space-${name}`)).toBe(`${value}px`);
    for (const [name, value] of Object.entries(radius)) expect(declared.get(`radius-${name}`)).toBe(`${value}px`);
    for (const [name, value] of Object.entries(fontSize)) expect(declared.get(`font-${name}`)).toBe(`${value}px`);
  });

  it('uses no colour in the app stylesheet that fails on white (the old #7a8577 and #b36b00 are gone)', () => {
    const css = readFileSync(path.join(__dirname, '../../../src/app.css'), 'utf8');
    expect(css).not.toMatch(/#7a8577|#b36b00/i);
  });
});
