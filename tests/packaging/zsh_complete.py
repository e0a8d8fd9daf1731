#!/usr/bin/env python3
"""tests/packaging/zsh_complete.py FPATH_DIR LINE…: types each LINE (with \\t for Tab) into an
interactive zsh under a pseudo-terminal, with FPATH_DIR first on fpath and compinit loaded, and
prints for each line one JSON object: {"line", "buffer" (the edit buffer after completion),
"listed" (the text zsh printed, e.g. a list of choices)}. Exit 2 when zsh does not answer."""
import json
import os
import pty
import select
import sys
import time

MARK_START, MARK_END = "<<BUFFER:", ":END>>"


def read_until(fd, needle, timeout=30.0):
    out, end = "", time.time() + timeout
    while needle not in out:
        if time.time() > end:
            raise TimeoutError(f"zsh did not print {needle!r}; got {out[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            out += os.read(fd, 65536).decode(errors="replace")
    return out


def complete(fpath_dir, line):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="dumb", HOME=os.environ.get("TMPDIR", "/tmp"))
        os.execvp("zsh", ["zsh", "-f", "-i"])
    try:
        # The markers are split by quotes in what is typed, so zsh's echo of it never matches.
        setup = (f"fpath=({fpath_dir} $fpath); autoload -Uz compinit; compinit -u -D; "
                 "dump() { zle -I; print -r -- '<<BUF''FER:'\"$BUFFER\"':E''ND>>' }; "
                 "zle -N dump; bindkey '^Xd' dump; print 'REA''DY'\n")
        os.write(fd, setup.encode())
        read_until(fd, "READY")
        os.write(fd, line.encode() + b"\x18d")
        out = read_until(fd, MARK_END)
        listed, _, rest = out.rpartition(MARK_START)
        return {"line": line, "buffer": rest.split(MARK_END)[0], "listed": listed}
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: zsh_complete.py FPATH_DIR LINE…")
    for line in sys.argv[2:]:
        try:
            print(json.dumps(complete(sys.argv[1], line.replace("\\t", "\t"))))
        except TimeoutError as error:
            print(f"zsh_complete.py: {error}", file=sys.stderr)
            sys.exit(2)


main()
