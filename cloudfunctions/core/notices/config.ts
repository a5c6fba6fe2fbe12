/**
 * The `notifications` section of the configuration: the seller's subscribe-message templates (ids
 * from the WeChat admin console, each with its field mapping), whether push is on, and the retry
 * policy. Defaults carry placeholder ids and push off: every notice is then shown in the app only.
 */
import { z } from 'zod';
import { FIELD_KEY_PATTERN } from './fields';

/** Which template a notice uses: 回复 (a staff reply), 处理结果 (the outcome), 超时提醒 (staff, later). */
export const TEMPLATE_KEYS = ['reply', 'result', 'breach'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const PLACEHOLDER_PREFIX = 'PLACEHOLDER-';

const templateSchema = z
  .object({
    /** The template id from 订阅消息 in the admin console. */
    templateId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
    /** The template's title, for the app's wording. */
    title: z.string().min(1).max(20),
    /** WeChat field key (`thing1`) → the notice field it is filled from (`subject`). */
    fields: z
      .record(z.string().regex(FIELD_KEY_PATTERN, 'field keys are WeChat keys such as thing1, phrase2, time3'), z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/))
      .refine((f) => Object.keys(f).length >= 1 && Object.keys(f).length <= 10, 'a template has 1 to 10 fields'),
  })
  .strict();

export type NoticeTemplate = z.infer<typeof templateSchema>;

export const notificationsConfigSchema = z
  .object({
    /** Push through WeChat; off, every notice is shown in the app only and nothing is sent. */
    pushEnabled: z.boolean(),
    /** Which version of the mini-program a tapped message opens. */
    miniprogramState: z.enum(['formal', 'trial', 'developer']),
    templates: z.object({ reply: templateSchema, result: templateSchema, breach: templateSchema }).strict(),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(10),
        baseDelaySeconds: z.number().int().min(10).max(3600),
        maxDelaySeconds: z.number().int().min(10).max(86_400),
      })
      .strict(),
    /** How long a claimed send may take before a later tick calls its outcome unknown. */
    leaseSeconds: z.number().int().min(60).max(3600),
  })
  .strict()
  .superRefine((n, ctx) => {
    const ids = Object.values(n.templates).map((t) => t.templateId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['templates'], message: 'each template needs its own id' });
    if (n.pushEnabled && ids.some((id) => id.startsWith(PLACEHOLDER_PREFIX))) {
      ctx.addIssue({ code: 'custom', path: ['pushEnabled'], message: 'push needs the real template ids from the admin console' });
    }
  });

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

export const defaultNotificationsConfig: NotificationsConfig = {
  pushEnabled: false,
  miniprogramState: 'formal',
  templates: {
    reply: { templateId: `${PLACEHOLDER_PREFIX}reply`, title: '反馈回复通知', fields: { thing1: 'subject', thing2: 'reply', time3: 'time' } },
    result: { templateId: `${PLACEHOLDER_PREFIX}result`, title: '处理结果通知', fields: { thing1: 'subject', phrase2: 'outcome', thing3: 'detail', time4: 'time' } },
    breach: { templateId: `${PLACEHOLDER_PREFIX}breach`, title: '工单超时提醒', fields: { character_string1: 'caseNo', thing2: 'subject', time3: 'deadline' } },
  },
  retry: { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 },
  leaseSeconds: 300,
};

/** True when messages are really pushed (push on, so every template id is real: the schema checks). */
export const pushConfigured = (n: NotificationsConfig): boolean => n.pushEnabled;

/** The template key a configured template id belongs to, when push is configured. */
export function templateKeyOf(n: NotificationsConfig, templateId: string): TemplateKey | null {
  if (!pushConfigured(n)) return null;
  return TEMPLATE_KEYS.find((key) => n.templates[key].templateId === templateId) ?? null;
}
