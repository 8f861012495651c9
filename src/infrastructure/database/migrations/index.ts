import { CreateChatTables1764201600000 } from './1764201600000-create-chat-tables';
import { AddFeedbackAndAudit1796660400000 } from './1796660400000-add-feedback-and-audit';
import { AddAnswerAttribution1796661000000 } from './1796661000000-add-answer-attribution';

/** Every migration, in order. Listed explicitly so the build needs no glob at run time. */
export const MIGRATIONS = [
  CreateChatTables1764201600000,
  AddFeedbackAndAudit1796660400000,
  AddAnswerAttribution1796661000000,
];
