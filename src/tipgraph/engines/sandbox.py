"""Take the network away from the current process: no new sockets, no connections.

A worker process that runs queries from the public calls this once it has its graph, so
even a query that slipped past tipgraph.guard could not reach another host: pyoxigraph
opens its SERVICE connections from Rust, out of reach of anything done in Python, but
not out of reach of the kernel. A seccomp filter (https://docs.kernel.org/userspace-api/
seccomp_filter.html) makes socket() and connect() fail with EACCES for this process and
every thread it starts later; sockets it already holds (its pipe to the server) still
work. Where the filter cannot be installed (another kernel or architecture), nothing
changes and the guard remains the only check.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000

# AUDIT_ARCH_* and the numbers of socket() and connect() on each architecture.
ARCHITECTURES = {
    "x86_64": (0xC000003E, 41, 42),
    "aarch64": (0xC00000B7, 198, 203),
}

# Classic BPF opcodes: load a word of seccomp_data, jump if equal, return.
_LOAD = 0x20
_JUMP_IF_EQUAL = 0x15
_RETURN = 0x06


class _Instruction(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Instruction))]


def _program(arch: int, socket_call: int, connect_call: int) -> list[_Instruction]:
    """Deny socket() and connect() with EACCES on `arch`; allow everything else."""
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    return [
        _Instruction(_LOAD, 0, 0, 4),                       # seccomp_data.arch
        _Instruction(_JUMP_IF_EQUAL, 0, 3, arch),           # another arch: allow
        _Instruction(_LOAD, 0, 0, 0),                       # seccomp_data.nr
        _Instruction(_JUMP_IF_EQUAL, 2, 0, socket_call),
        _Instruction(_JUMP_IF_EQUAL, 1, 0, connect_call),
        _Instruction(_RETURN, 0, 0, SECCOMP_RET_ALLOW),
        _Instruction(_RETURN, 0, 0, deny),
    ]


def deny_network() -> bool:
    """Forbid new sockets in this process; return whether the kernel took the filter."""
    numbers = ARCHITECTURES.get(platform.machine())
    if not sys.platform.startswith("linux") or numbers is None:
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    instructions = _program(*numbers)
    array = (_Instruction * len(instructions))(*instructions)
    program = _Program(len(instructions), array)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(program), 0, 0) == 0
