// fred's VS Code extension. package.json contributes the `fred` debugger type (it runs
// `fred dap`); this file adds fred's own commands to the command palette, each sent as a
// custom request to the running fred session (README: "In an editor"). No dependencies.
const vscode = require('vscode');

/** The running fred session, or undefined after saying there is none. */
function fredSession() {
  const session = vscode.debug.activeDebugSession;
  if (session && session.type === 'fred') return session;
  vscode.window.showErrorMessage('fred: no fred debug session is running; start one with a "fred" launch configuration');
  return undefined;
}

/** Sends COMMAND to the session; an error response becomes a message (a cancelled search says nothing). */
async function send(command, args) {
  const session = fredSession();
  if (!session) return undefined;
  try {
    return await session.customRequest(command, args);
  } catch (error) {
    const message = error && error.message ? error.message : String(error);
    if (message !== 'cancelled') vscode.window.showErrorMessage(`fred: ${message}`);
    return undefined;
  }
}

const commands = {
  // progress (and its Cancel button) comes from the adapter's progress events
  'fred.reverseWatch': async () => {
    const expression = await vscode.window.showInputBox({ prompt: 'fred-reverse-watch: go back to the last change of', placeHolder: 'an expression, e.g. total or list->next' });
    if (expression) await send('fred/reverseWatch', { expression });
  },
  'fred.checkpoint': async () => {
    const answer = await send('fred/checkpoint', {});
    if (answer && answer.checkpoint) vscode.window.showInformationMessage(`fred: checkpoint ${answer.checkpoint.number} taken (${answer.checkpoint.image})`);
  },
  'fred.restartCheckpoint': async () => {
    const history = await send('fred/history', {});
    if (!history) return;
    if (history.checkpoints.length === 0) {
      vscode.window.showInformationMessage('fred: no checkpoints yet (fred: Take a Checkpoint)');
      return;
    }
    const picked = await vscode.window.showQuickPick(history.checkpoints.map((c) => ({ label: `checkpoint ${c.number}`, description: `after ${c.commands} commands`, number: c.number })));
    if (picked) await send('fred/restartCheckpoint', { checkpoint: picked.number });
  },
  'fred.undo': () => send('fred/undo', { count: 1 }),
  'fred.history': async () => {
    const history = await send('fred/history', {});
    if (!history) return;
    const items = history.commands.map((c) => ({ label: `${c.index}  ${c.command}`, description: c.snapshotBefore ? 'snapshot before it' : '' }));
    await vscode.window.showQuickPick(items, { placeHolder: `history of branch ${history.branch} (branches: ${history.branches.join(', ')})` });
  },
};

function activate(context) {
  for (const [name, run] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(name, run));
}

function deactivate() {}

module.exports = { activate, deactivate };
