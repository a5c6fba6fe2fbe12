import { useRef, useState } from 'react';
import { isOutcomeUnknown, newRequestId } from '../../lib/requestId';
import { errorMessage } from '../../services/errors';

export const UNCONFIRMED = '网络异常，提交结果未确认。请点“重试提交”，不会重复提交';

/**
 * One customer write (a form, a message, a rating) sent at most once. The form has one request id;
 * when the answer is lost (network) the same input, id included, is what 重试提交 sends, so the server
 * answers with the first result. A definite answer (done or refused) ends that intent: the next
 * submit gets a new id. A second tap while one is under way does nothing.
 */
export function useWrite<I extends { requestId: string }, R>(send: (input: I) => Promise<R>) {
  const requestId = useRef(newRequestId());
  const [pending, setPending] = useState<I | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (payload: Omit<I, 'requestId'>, onDone: (result: R) => void) => {
    if (busyRef.current) return;
    const input = pending ?? ({ ...payload, requestId: requestId.current } as I);
    busyRef.current = true;
    setBusy(true);
    setError(null);
    const settle = () => {
      busyRef.current = false;
      setBusy(false);
    };
    send(input)
      .then(
        (result) => {
          requestId.current = newRequestId();
          setPending(null);
          onDone(result);
        },
        (e: unknown) => {
          if (isOutcomeUnknown(e)) {
            setPending(input);
            setError(UNCONFIRMED);
            return;
          }
          requestId.current = newRequestId();
          setPending(null);
          setError(errorMessage(e));
        },
      )
      .then(settle, settle);
  };

  return { busy, retrying: pending !== null, error, setError, submit };
}
