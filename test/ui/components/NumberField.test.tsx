import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { NumberField, type NumberFieldChange } from '@/components/NumberField';

async function setup(props: Partial<Parameters<typeof NumberField>[0]> = {}) {
  const changes: NumberFieldChange[] = [];
  const view = render(<NumberField label='积分数量' max={100000} onChange={(c) => changes.push(c)} {...props} />);
  // Taro's H5 input renders its inner <input> asynchronously.
  const input = await waitFor(() => {
    const el = view.container.querySelector('input');
    if (!el) throw new Error('input not rendered yet');
    return el;
  });
  const type = (value: string) => fireEvent.input(input, { target: { value } });
  return { ...view, input, type, last: () => changes[changes.length - 1] };
}

describe('NumberField', () => {
  it('keeps "-50" as typed and says to choose the direction, instead of reading 50', async () => {
    const f = await setup({ signed: true });
    f.type('-50');
    expect(f.last()).toEqual({ value: null, error: expect.stringContaining('加 / 减') });
    expect(screen.getByRole('alert').textContent).toContain('加 / 减');
    expect(f.input.value).toBe('-50');
  });

  it('takes the sign only from 加 / 减, which are toggle buttons', async () => {
    const f = await setup({ signed: true });
    f.type('50');
    expect(f.last()).toEqual({ value: null, error: '请选择“加”或“减”' });
    fireEvent.click(screen.getByRole('button', { name: '减' }));
    expect(f.last()).toEqual({ value: -50, error: null });
    expect(screen.getByRole('button', { name: '减' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: '加' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.keyDown(screen.getByRole('button', { name: '加' }), { key: 'Enter' });
    expect(f.last()).toEqual({ value: 50, error: null });
  });

  it('refuses 12.5 and 1e6 with a message instead of reading 125 and 16', async () => {
    const f = await setup({ defaultSign: 1, signed: true });
    f.type('12.5');
    expect(f.last()).toEqual({ value: null, error: '请输入整数，不支持小数' });
    expect(f.input.value).toBe('12.5');
    f.type('1e6');
    expect(f.last()?.value).toBeNull();
    expect(screen.getByRole('alert').textContent).toContain('1e6');
  });

  it('reads full-width digits and enforces the max from props with a message', async () => {
    const f = await setup({ max: 500 });
    f.type('１２３');
    expect(f.last()).toEqual({ value: 123, error: null });
    f.type('501');
    expect(f.last()).toEqual({ value: null, error: '最多 500' });
  });

  it('clears the message as soon as the input is valid again', async () => {
    const f = await setup();
    f.type('12.5');
    expect(screen.queryByRole('alert')).not.toBeNull();
    f.type('12');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(f.last()).toEqual({ value: 12, error: null });
    expect(f.input.closest('taro-input-core')?.className).not.toContain('field-invalid');
  });

  it('does not let the platform cut the input (no maxlength) and uses a text input in H5', async () => {
    const f = await setup();
    expect(f.input.getAttribute('type')).toBe('text');
    f.type('12345678901234567890');
    expect(f.input.value).toBe('12345678901234567890');
    expect(f.last()).toEqual({ value: null, error: '最多 100,000' });
  });
});
