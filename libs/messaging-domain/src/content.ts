import { FieldProblem } from '@cairn/core';

/**
 * Message content shapes, one per kind of channel. Every string field is a
 * Liquid template, except identifiers (`templateCode`) and flags (`alimtalk`).
 */
export type ContentChannel = 'email' | 'sms' | 'lms' | 'kakao' | 'push' | 'webhook' | 'log';
export const CONTENT_CHANNELS: readonly ContentChannel[] = ['email', 'sms', 'lms', 'kakao', 'push', 'webhook', 'log'];

export interface EmailContent {
  subject: string;
  html?: string;
  text?: string;
}

/** sms, lms and log. */
export interface TextContent {
  text: string;
}

export interface KakaoContent {
  /** The provider's registered template code (AlimTalk); not a template. */
  templateCode?: string;
  text: string;
  variables?: Record<string, string>;
  /** True for AlimTalk (informational templates only); false or absent for FriendTalk / brand messages. */
  alimtalk?: boolean;
}

export interface PushContent {
  title: string;
  body: string;
}

export interface WebhookContent {
  /** Sent as the JSON body; every string leaf is a template. */
  json: Record<string, unknown>;
}

export type MessageContent = EmailContent | TextContent | KakaoContent | PushContent | WebhookContent;

export const MAX_FIELD_LENGTH = 64 * 1024;
const MAX_JSON_DEPTH = 10;

type Problems = FieldProblem[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, path: string, problems: Problems, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string' || value.length === 0) {
    problems.push({ path, message: required ? 'is required and must be a non-empty string' : 'must be a non-empty string' });
  } else if (value.length > MAX_FIELD_LENGTH) {
    problems.push({ path, message: `must be at most ${MAX_FIELD_LENGTH} characters` });
  }
}

function onlyFields(value: Record<string, unknown>, allowed: string[], path: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push({ path: `${path}.${key}`, message: 'unknown field' });
  }
}

function validateJson(value: unknown, path: string, depth: number, problems: Problems): void {
  if (depth > MAX_JSON_DEPTH) {
    problems.push({ path, message: `nests deeper than ${MAX_JSON_DEPTH} levels` });
  } else if (typeof value === 'string') {
    text(value, path, problems, false);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => validateJson(item, `${path}[${i}]`, depth + 1, problems));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) validateJson(item, `${path}.${key}`, depth + 1, problems);
  } else if (!(value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
    problems.push({ path, message: 'must be JSON: an object, array, string, number, boolean or null' });
  }
}

function validateKakao(content: Record<string, unknown>, path: string, problems: Problems): void {
  onlyFields(content, ['templateCode', 'text', 'variables', 'alimtalk'], path, problems);
  text(content.text, `${path}.text`, problems, true);
  if (content.templateCode !== undefined && (typeof content.templateCode !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(content.templateCode))) {
    problems.push({ path: `${path}.templateCode`, message: 'must be 1 to 100 letters, digits, "_", "." or "-"' });
  }
  if (content.alimtalk !== undefined && typeof content.alimtalk !== 'boolean') {
    problems.push({ path: `${path}.alimtalk`, message: 'must be true or false' });
  }
  if (content.alimtalk === true && content.templateCode === undefined) {
    problems.push({ path: `${path}.templateCode`, message: 'is required for AlimTalk: the template code Kakao approved' });
  }
  if (content.variables === undefined) return;
  if (!isObject(content.variables)) {
    problems.push({ path: `${path}.variables`, message: 'must be an object of strings' });
    return;
  }
  for (const [key, value] of Object.entries(content.variables)) text(value, `${path}.variables.${key}`, problems, true);
}

const VALIDATORS: Record<ContentChannel, (content: Record<string, unknown>, path: string, problems: Problems) => void> = {
  email: (content, path, problems) => {
    onlyFields(content, ['subject', 'html', 'text'], path, problems);
    text(content.subject, `${path}.subject`, problems, true);
    text(content.html, `${path}.html`, problems, false);
    text(content.text, `${path}.text`, problems, false);
    if (content.html === undefined && content.text === undefined) {
      problems.push({ path: `${path}.text`, message: 'an email needs a body: html, text or both' });
    }
  },
  sms: (content, path, problems) => textOnly(content, path, problems),
  lms: (content, path, problems) => textOnly(content, path, problems),
  log: (content, path, problems) => textOnly(content, path, problems),
  kakao: validateKakao,
  push: (content, path, problems) => {
    onlyFields(content, ['title', 'body'], path, problems);
    text(content.title, `${path}.title`, problems, true);
    text(content.body, `${path}.body`, problems, true);
  },
  webhook: (content, path, problems) => {
    onlyFields(content, ['json'], path, problems);
    if (!isObject(content.json)) problems.push({ path: `${path}.json`, message: 'must be a JSON object' });
    else validateJson(content.json, `${path}.json`, 1, problems);
  },
};

function textOnly(content: Record<string, unknown>, path: string, problems: Problems): void {
  onlyFields(content, ['text'], path, problems);
  text(content.text, `${path}.text`, problems, true);
}

/** Checks that `content` has the shape `channel` needs; adds problems with paths under `path`. */
export function validateContentShape(channel: ContentChannel, content: unknown, path: string, problems: Problems): void {
  if (!isObject(content)) {
    problems.push({ path, message: `must be an object with the ${channel} content fields` });
    return;
  }
  VALIDATORS[channel](content, path, problems);
}

/** Whether content is an AlimTalk (informational) Kakao message. */
export function isAlimTalk(channel: ContentChannel, content: MessageContent): boolean {
  return channel === 'kakao' && (content as KakaoContent).alimtalk === true;
}
