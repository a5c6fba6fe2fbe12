/**
 * "Who am I" changes: the H5 dev switch announces a new demo identity here and pages reload their
 * data. In the weapp build nothing ever announces, so pages load once per show.
 */
import { useEffect, useState } from 'react';

type Listener = () => void;
const listeners = new Set<Listener>();

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifySessionChange(): void {
  for (const listener of Array.from(listeners)) listener();
}

/** A number that changes whenever the identity changes; use it as an effect dependency. */
export function useSessionVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => onSessionChange(() => setVersion((v) => v + 1)), []);
  return version;
}
