/** One step on an order as sent to the desk; the request id travels with it until answered. */
import { callCloud } from '../../../services/cloud';
import type { ApiResult } from '@contracts/apiMap';

export type StepInput =
  | { kind: 'confirm' | 'dispatch' | 'deliver' | 'complete'; orderId: string; requestId: string }
  | { kind: 'weigh'; orderId: string; requestId: string; weights: { productId: string; grams: number }[] }
  | { kind: 'cancel'; orderId: string; requestId: string; reason: string }
  | { kind: 'refund'; orderId: string; requestId: string; reason: string; lines?: { productId: string; fen?: number }[]; whole?: true; amountFen?: number };

export type WeighResult = ApiResult<'orderDesk', 'enterWeights'>;

export type StepOutcome =
  | { kind: 'confirm' | 'dispatch' | 'deliver'; result: ApiResult<'orderDesk', 'confirm'> }
  | { kind: 'complete'; result: ApiResult<'orderDesk', 'complete'> }
  | { kind: 'weigh'; result: WeighResult }
  | { kind: 'cancel'; result: ApiResult<'orderDesk', 'cancel'> }
  | { kind: 'refund'; result: ApiResult<'orderDesk', 'refund'> };

export function sendStep(input: StepInput): Promise<StepOutcome> {
  const { orderId, requestId } = input;
  switch (input.kind) {
    case 'confirm':
    case 'dispatch':
    case 'deliver': {
      const kind = input.kind;
      return callCloud('orderDesk', kind, { orderId, requestId }).then((result) => ({ kind, result }));
    }
    case 'complete':
      return callCloud('orderDesk', 'complete', { orderId, requestId }).then((result) => ({ kind: 'complete' as const, result }));
    case 'weigh':
      return callCloud('orderDesk', 'enterWeights', { orderId, requestId, weights: input.weights }).then((result) => ({ kind: 'weigh' as const, result }));
    case 'cancel':
      return callCloud('orderDesk', 'cancel', { orderId, requestId, reason: input.reason }).then((result) => ({ kind: 'cancel' as const, result }));
    case 'refund': {
      const { reason } = input;
      // Exactly one of whole, an amount (orders without lines) or lines, as the desk requires.
      const payload = input.whole
        ? { orderId, requestId, reason, whole: true as const }
        : input.amountFen !== undefined
          ? { orderId, requestId, reason, amountFen: input.amountFen }
          : { orderId, requestId, reason, lines: input.lines ?? [] };
      return callCloud('orderDesk', 'refund', payload).then((result) => ({ kind: 'refund' as const, result }));
    }
  }
}

/** A step before its request id is drawn (distributes over the union). */
export type StepDraft = StepInput extends infer T ? (T extends unknown ? Omit<T, 'requestId'> : never) : never;
