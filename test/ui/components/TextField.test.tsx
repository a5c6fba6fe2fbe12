import { useState } from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TextField } from '@/components/TextField';

function Harness({ initial = '', multiline = true, onChange }: { initial?: string; multiline?: boolean; onChange?: (t: string) => void }) {
  const [text, setText] = useState(initial);
  return (
    <TextField
      label='原因'
      value={text}
      maxLength={200}
      multiline={multiline}
      onChange={(t) => {
        onChange?.(t);
        setText(t);
      }}
    />
  );
}

/** Taro's H5 inputs render their inner element asynchronously. */
function field<K extends 'input' | 'textarea'>(container: HTMLElement, tag: K): Promise<HTMLElementTagNameMap[K]> {
  return waitFor(() => {
    const el = container.querySelector(tag);
    if (!el) throw new Error(`${tag} not rendered yet`);
    return el;
  });
}

async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('TextField', () => {
  it('shows a visible counter of the accepted text', async () => {
    const { container } = render(<Harness />);
    const area = (await field(container, 'textarea'));
    expect(screen.getByText('0/200')).toBeTruthy();
    fireEvent.input(area, { target: { value: '配送延误补偿，已电话致歉。' } });
    expect(screen.getByText('13/200')).toBeTruthy();
  });

  it('refuses a 5,000-character paste with a message and keeps the prior text', async () => {
    const onChange = jest.fn();
    const { container } = render(<Harness initial='配送延误' onChange={onChange} />);
    const area = (await field(container, 'textarea'));
    fireEvent.input(area, { target: { value: '配送延误' + '啊'.repeat(4996) } });
    await settle();
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('最多 200 字，这次输入有 5,000 字，未填入，请删减后再输入');
    expect(area.value).toBe('配送延误');
    expect(screen.getByText('4/200')).toBeTruthy();
  });

  it('refuses one character past the limit on a single-line field too, and clears the message once valid', async () => {
    const onChange = jest.fn();
    const full = 'x'.repeat(200);
    const { container } = render(<Harness initial={full} multiline={false} onChange={onChange} />);
    const input = (await field(container, 'input'));
    fireEvent.input(input, { target: { value: full + 'y' } });
    await settle();
    expect(input.value).toBe(full);
    expect(screen.getByRole('alert').textContent).toContain('201 字');
    fireEvent.input(input, { target: { value: full.slice(1) } });
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onChange).toHaveBeenLastCalledWith(full.slice(1));
    expect(screen.getByText('199/200')).toBeTruthy();
  });

  it('accepts exactly the limit', async () => {
    const onChange = jest.fn();
    const { container } = render(<Harness onChange={onChange} />);
    fireEvent.input((await field(container, 'textarea')), { target: { value: 'z'.repeat(200) } });
    expect(onChange).toHaveBeenCalledWith('z'.repeat(200));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('200/200')).toBeTruthy();
  });
});
