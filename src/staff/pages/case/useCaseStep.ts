import { caseError, sendCaseStep, type CaseStep, type DeskCase } from '../../lib/caseDesk';
import { useOnceSubmit } from '../../lib/useOnceSubmit';

/**
 * One kind of step on a case, sent at most once: the caller gives each user intent a new request id,
 * a retry after an unknown outcome resends the same step with the same id. Errors come in words.
 */
export function useCaseStep(onDone: (c: DeskCase) => void) {
  return useOnceSubmit<CaseStep, DeskCase>(sendCaseStep, (e) => caseError(e, '操作失败：'), onDone);
}

export type CaseStepForm = ReturnType<typeof useCaseStep>;
