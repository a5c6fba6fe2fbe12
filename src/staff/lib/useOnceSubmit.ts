import { useRef, useState } from 'react';
import { isOutcomeUnknown } from '../../lib/requestId';

/**
 * One staff change sent at most once. `submit` takes an input that already carries a new request id;
 * while the outcome is unknown (network failure) that input stays `pending` and `retry` sends it
 * again unchanged, request id included, so the server answers with the first result. A definite
 * answer (success or a refusal) clears it.
 */
export function useOnceSubmit<I extends { requestId: string }, R>(
  send: (input: I) => Promise<R>,
  describeError: (e: unknown) => string,
  onSuccess: (result: R) => void,
) {
  const [pending, setPending] = useState<I | null>(null);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<R | null>(null);

  const submit = (input: I) => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setPending(input);
    setError(null);
    setResult(null);
    const done = () => {
      sendingRef.current = false;
      setSending(false);
    };
    send(input)
      .then(
        (r) => {
          setPending(null);
          setResult(r);
          onSuccess(r);
        },
        (e: unknown) => {
          if (isOutcomeUnknown(e)) {
            setError('网络异常，提交结果未确认。请点击“重试提交”（不会重复执行）');
            return;
          }
          setPending(null);
          setError(describeError(e));
        },
      )
      .then(done, done);
  };

  const retry = () => {
    if (pending) submit(pending);
  };

  /** Give up an unconfirmed submission (it may still have been applied: the records below tell). */
  const abandon = () => {
    setPending(null);
    setError('已放弃未确认的提交，请在下方记录中核对是否已生效');
  };

  return { pending, sending, error, result, setError, submit, retry, abandon };
}
