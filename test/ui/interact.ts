/**
 * What page tests do to a rendered page under jest's fake timers: let time pass (timers, promises
 * and React updates settle inside `act`), and type into a Taro field the way the H5 runtime hears it.
 */
import { act, fireEvent } from '@testing-library/react';

export async function advance(ms = 0): Promise<void> {
  await act(async () => {
    await jest.advanceTimersByTimeAsync(ms);
  });
}

export function typeInto(container: HTMLElement, selector: string, value: string): void {
  const field = container.querySelector(selector) as HTMLInputElement | HTMLTextAreaElement | null;
  if (!field) throw new Error(`no field ${selector}`);
  fireEvent.input(field, { target: { value } });
}
