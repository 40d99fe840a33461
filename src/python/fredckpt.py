"""fredckpt: checkpoints of this Python process, taken from inside it.

Run the program under fred's checkpointer and make this module importable:

    PYTHONPATH=$(fred-ckpt python-path) fred-ckpt launch -- python3 app.py

then, in app.py:

    import fredckpt
    if fredckpt.checkpoint() == fredckpt.RESTART:
        print('back from the image')       # a process restarted with `fred-ckpt restart IMAGE`
    else:
        print('image written, going on')   # the same process, just after its image was written

Hooks run around checkpoint(): before_checkpoint(fn) just before the image is taken,
on_resume(fn) when checkpoint() returns in the same process, on_restart(fn) when it
returns in a restarted one (reopen sockets, reset timers...). They also work as
decorators. sessions() lists the images of this program in the image directory
(FRED_CKPT_DIR, else the working directory); restore(id) replaces this process with one
of them (exec of `fred-ckpt restart`: same pid, this process's state is gone).

Outside fred-ckpt the module still imports: enabled() is False and every other call
raises NotUnderFred. The module talks to libfredckpt.so (preloaded by fred-ckpt) through
ctypes; see src/checkpointer-native/src/fred_api.c for the C side.
"""

import ctypes
import os
import sys
from collections import namedtuple

__all__ = [
    'RESUME', 'RESTART', 'FredCheckpointError', 'NotUnderFred', 'Session',
    'enabled', 'checkpoint', 'is_resume', 'is_restart',
    'before_checkpoint', 'on_resume', 'on_restart', 'remove_hook',
    'sessions', 'restore', 'image_dir',
]

RESUME = 'resume'
RESTART = 'restart'
_API_VERSION = 1
_PATH_MAX = 1024


class NotUnderFred(RuntimeError):
    """This process does not run under fred's checkpointer."""


class FredCheckpointError(RuntimeError):
    """A checkpoint, listing or restore failed; the message says why."""


Session = namedtuple('Session', 'id path time pid command')
Session.__doc__ = """An image of this program: id (1 = oldest) for restore(), its path, when it
was taken (seconds since the epoch), the pid it was taken from, its command line."""


class _ImageSummary(ctypes.Structure):
    _fields_ = [('time_unix_ns', ctypes.c_int64), ('pid', ctypes.c_int32), ('pad', ctypes.c_int32),
                ('exe', ctypes.c_char * _PATH_MAX), ('cwd', ctypes.c_char * _PATH_MAX),
                ('cmdline', ctypes.c_char * 512)]


def _load_library():
    """The preloaded libfredckpt.so, or None when this process was not started under it."""
    try:
        lib = ctypes.CDLL(None)
        version = lib.fred_api_version
    except (OSError, AttributeError):
        return None
    version.restype = ctypes.c_int
    if version() != _API_VERSION:
        return None
    lib.fred_api_checkpoint.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t]
    lib.fred_api_checkpoint.restype = ctypes.c_int
    lib.fred_api_image_info.argtypes = [ctypes.c_char_p, ctypes.POINTER(_ImageSummary), ctypes.c_char_p, ctypes.c_size_t]
    lib.fred_api_image_check.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    for name in ('fred_api_native_dir', 'fred_api_image_dir', 'fred_api_restored_from'):
        getattr(lib, name).restype = ctypes.c_char_p
    lib.fred_api_restarts.restype = ctypes.c_uint
    return lib


_lib = _load_library()
_hooks = {'before_checkpoint': [], 'on_resume': [], 'on_restart': []}
_last = None          # what the last checkpoint() returned
_count = 0            # images taken by this process, for default names


def _require():
    if _lib is None:
        raise NotUnderFred('fredckpt: this process does not run under fred-ckpt; '
                           'start it with `fred-ckpt launch -- python3 ...` (fredckpt.enabled() tells)')
    return _lib


def enabled():
    """True when this process runs under fred's checkpointer."""
    return _lib is not None


def image_dir():
    """Where checkpoint() and sessions() look: FRED_CKPT_DIR, else the working directory."""
    configured = _require().fred_api_image_dir()
    return os.fsdecode(configured) if configured else os.getcwd()


def _default_image_path():
    global _count
    _count += 1
    with open('/proc/self/comm') as f:
        comm = f.read().strip() or 'python'
    return os.path.join(image_dir(), 'fred-%s-%d-%d.img' % (comm, os.getpid(), _count))


def _run_hooks(kind):
    for hook in list(_hooks[kind]):
        hook()


def checkpoint(path=None):
    """Write an image of this process (to path, or a new file in image_dir()).

    Returns RESUME in this process once the image is complete, and RESTART in every
    process later restarted from the image. Raises FredCheckpointError when the image
    cannot be taken (threads, pipes, sockets...); the process is then unchanged.
    """
    global _last
    lib = _require()
    target = os.path.abspath(path) if path is not None else _default_image_path()
    _run_hooks('before_checkpoint')
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    written = ctypes.create_string_buffer(_PATH_MAX)
    error = ctypes.create_string_buffer(512)
    result = lib.fred_api_checkpoint(os.fsencode(target), written, len(written), error, len(error))
    if result < 0:
        raise FredCheckpointError('fredckpt: checkpoint to %s failed: %s' % (target, error.value.decode(errors='replace')))
    _last = RESTART if result == 2 else RESUME
    _run_hooks('on_restart' if _last == RESTART else 'on_resume')
    return _last


def is_resume():
    """The last checkpoint() returned in the process that took it."""
    _require()
    return _last == RESUME


def is_restart():
    """The last checkpoint() returned in a process restarted from its image."""
    _require()
    return _last == RESTART


def _add_hook(kind, fn):
    _require()
    if not callable(fn):
        raise TypeError('fredckpt.%s: expected a function, got %r' % (kind, fn))
    _hooks[kind].append(fn)
    return fn


def before_checkpoint(fn):
    """Run fn() just before each checkpoint() takes its image (usable as a decorator)."""
    return _add_hook('before_checkpoint', fn)


def on_resume(fn):
    """Run fn() when checkpoint() returns RESUME (usable as a decorator)."""
    return _add_hook('on_resume', fn)


def on_restart(fn):
    """Run fn() when checkpoint() returns RESTART (usable as a decorator)."""
    return _add_hook('on_restart', fn)


def remove_hook(fn):
    """Forget fn wherever it was registered."""
    _require()
    for hooks in _hooks.values():
        while fn in hooks:
            hooks.remove(fn)


def _command_line():
    with open('/proc/self/cmdline', 'rb') as f:
        return f.read().rstrip(b'\0').replace(b'\0', b' ').decode(errors='replace')


def sessions():
    """The images of this program (same executable and command line) in image_dir(), oldest first."""
    lib = _require()
    directory = image_dir()
    own_exe, own_command = os.path.realpath('/proc/self/exe'), _command_line()[:511]
    found = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith('.img'):
            continue
        path = os.path.join(directory, name)
        summary = _ImageSummary()
        if lib.fred_api_image_info(os.fsencode(path), ctypes.byref(summary), None, 0) != 0:
            continue          # not an image, or a damaged one: not a session to offer
        if os.fsdecode(summary.exe) != own_exe or summary.cmdline.decode(errors='replace') != own_command:
            continue
        found.append((summary.time_unix_ns, path, summary.pid, summary.cmdline.decode(errors='replace')))
    found.sort()
    return [Session(i + 1, path, ns / 1e9, pid, command) for i, (ns, path, pid, command) in enumerate(found)]


def restore(session):
    """Replace this process with one restarted from an image: a Session, its id in
    sessions(), or an image path. Does not return; raises FredCheckpointError (and leaves
    this process as it was) when the image cannot be restarted."""
    lib = _require()
    if isinstance(session, Session):
        path = session.path
    elif isinstance(session, int):
        matches = [s for s in sessions() if s.id == session]
        if not matches:
            raise FredCheckpointError('fredckpt: no session %d; fredckpt.sessions() lists %d' % (session, len(sessions())))
        path = matches[0].path
    else:
        path = os.path.abspath(os.fspath(session))
    error = ctypes.create_string_buffer(512)
    if lib.fred_api_image_check(os.fsencode(path), error, len(error)) != 0:
        reason = error.value.decode(errors='replace')
        raise FredCheckpointError('fredckpt: cannot restore: %s' % reason if path in reason else
                                  'fredckpt: cannot restore %s: %s' % (path, reason))
    fred_exec = os.path.join(os.fsdecode(lib.fred_api_native_dir()), 'fred-exec')
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os.execv(fred_exec, [fred_exec, 'restart', path])
