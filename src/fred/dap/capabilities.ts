// What fred's adapter says it can do (initialize's answer), which of the protocol's
// requests it answers, and which of them it answers while a search owns the debugger.
import { DebugProtocol } from '@vscode/debugprotocol';

export const capabilities: DebugProtocol.Capabilities = {
  supportsConfigurationDoneRequest: true,
  supportsStepBack: true,
  supportsConditionalBreakpoints: true,
  supportsHitConditionalBreakpoints: true,
  supportsLogPoints: true,
  supportsFunctionBreakpoints: true,
  supportsSetVariable: true,
  supportsEvaluateForHovers: true,
  supportsTerminateRequest: true,
  supportsRestartRequest: true,
  supportsCancelRequest: true,
};

/** The protocol's requests fred answers; the base class would answer any other with an empty success. */
export const ANSWERED = new Set([
  'initialize', 'launch', 'attach', 'restart', 'setBreakpoints', 'setFunctionBreakpoints', 'setExceptionBreakpoints', 'configurationDone',
  'continue', 'next', 'stepIn', 'stepOut', 'stepBack', 'reverseContinue', 'pause', 'threads', 'stackTrace', 'scopes', 'variables',
  'setVariable', 'evaluate', 'cancel', 'terminate', 'disconnect',
]);

/** Requests answered while a search runs; any other gets an error saying to wait or cancel. */
export const DURING_SEARCH = new Set(['cancel', 'pause', 'threads', 'disconnect', 'terminate', 'initialize']);
