/**
 * The privacy policy's version and the profile form's limits, shared by the mini-program and the
 * server (plain constants: no zod here, the front end imports it).
 */

/** Bumped whenever the 隐私政策 text changes: consent is recorded against a version. */
export const PRIVACY_POLICY_VERSION = '2026-12-02';

export const PROFILE_LIMITS = { nameMin: 1, nameMax: 20 } as const;

/** A mainland mobile number: 11 digits starting with 1. */
export const PHONE_PATTERN = /^1\d{10}$/;

/** Shown instead of an erased member's name everywhere. */
export const ERASED_NAME = '已注销用户';
