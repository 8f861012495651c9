import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { toErrorBody } from '../../common/errors/error-response';
import { AdmissionService } from '../admission/admission.service';
import { validatePayload } from '../../common/validation/validate-payload';
import { FeedbackDto } from './feedback.dto';
import { FeedbackService } from './feedback.service';

/** The ack of the Socket.IO `feedback` event. */
export type FeedbackAck =
  | { ok: true; message_id: string; rating: 'up' | 'down' }
  | { ok: false; error: { code: string; message: string; retry_after?: number } };

/** The socket side of feedback: the same validation, limit and service as the REST route. */
@Injectable()
export class FeedbackSocketHandler {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly admission: AdmissionService,
  ) {}

  async handle(userId: string, payload: unknown): Promise<FeedbackAck> {
    try {
      const dto = validatePayload(FeedbackDto, payload);
      await this.admission.spend(userId, 'history');
      return { ok: true, ...(await this.feedback.rate(userId, dto)) };
    } catch (err) {
      const body = toErrorBody(err);
      const retry = err instanceof AppError ? err.details?.retryAfterS : undefined;
      return {
        ok: false,
        error: {
          code: body.code,
          message: body.message,
          ...(retry !== undefined ? { retry_after: Math.ceil(retry) } : {}),
        },
      };
    }
  }
}
