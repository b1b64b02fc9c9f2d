#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Canonical listings of what a tarball says and what an ext2/3/4 image holds,
to be compared line by line by the lol-mkimage tests.

  imglist.py tar SOURCE_DATE_EPOCH TARBALL...   what lol-mkimage should write
  imglist.py img IMAGE                           what debugfs finds in IMAGE

One line per path: path, type, mode, owner, times (clamped to
SOURCE_DATE_EPOCH as lol-mkimage promises), size, symlink target, device
numbers, extended attributes, a SHA-256 of the contents and the hard-link
group.  The image side reads the image only through debugfs (e2fsprogs), the
tarball side only through Python's tarfile module: neither shares code with
lol-mkimage.
"""
import decimal
import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile

INT32_MIN = -(2**31)


def esc(b):
    """Bytes as printable text (names may hold spaces, UTF-8, newlines)."""
    out = []
    for c in b:
        if c == 0x5C:
            out.append("\\\\")
        elif 0x20 < c < 0x7F:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def norm(name):
    """Normalised path as lol-mkimage stores it: no ./, no leading /."""
    parts = [p for p in name.split(b"/") if p not in (b"", b".")]
    return b"/".join(parts) if parts else b"."


def record(path, r):
    x = ",".join("%s=%s" % (k, v.hex()) for k, v in sorted(r.get("xattrs", {}).items()))
    fields = [
        esc(path),
        r["type"],
        "%04o" % r["mode"],
        "%d:%d" % (r["uid"], r["gid"]),
        "m=%d.%09d" % r["mtime"],
        "a=%d.%09d" % r["atime"],
        "c=%d.%09d" % r["ctime"],
        "size=%d" % r.get("size", 0),
        "target=%s" % esc(r.get("target", b"")),
        "rdev=%s" % r.get("rdev", "-"),
        "xattr=%s" % x,
        "sha=%s" % r.get("sha", "-"),
        "group=%s" % esc(r.get("group", b"-")),
    ]
    return "\t".join(fields)


# ---- tarball side ----
def pax_time(member, key, sde):
    v = member.pax_headers.get(key)
    if v is None:
        if key != "mtime":
            return None
        t = (int(member.mtime), 0)
    else:
        d = decimal.Decimal(v)
        s = int(d.to_integral_value(rounding=decimal.ROUND_FLOOR))
        ns = int((d - s) * 1000000000)
        t = (s, ns)
    if t[0] > sde:
        t = (sde, 0)
    if t[0] < INT32_MIN:
        t = (INT32_MIN, 0)
    return t


def list_tar(sde, tarballs):
    ents = {}  # path -> record
    groups = {}  # path -> group id (shared dict for hard links)

    def parent_dirs(path):
        parts = path.split(b"/")
        for i in range(1, len(parts)):
            p = b"/".join(parts[:i])
            if p not in ents:
                ents[p] = {"type": "dir", "mode": 0o755, "uid": 0, "gid": 0,
                           "mtime": (sde, 0), "atime": (sde, 0), "ctime": (sde, 0)}

    for tb in tarballs:
        with tarfile.open(tb, "r:*") as t:
            for m in t:
                raw = m.name.encode("utf-8", "surrogateescape")
                path = norm(raw)
                if path != b".":
                    parent_dirs(path)
                mt = pax_time(m, "mtime", sde)
                r = {"mode": m.mode & 0o7777, "uid": m.uid, "gid": m.gid, "mtime": mt,
                     "atime": pax_time(m, "atime", sde) or mt,
                     "ctime": pax_time(m, "ctime", sde) or mt}
                xattrs = {}
                for k, v in m.pax_headers.items():
                    if k.startswith("SCHILY.xattr."):
                        xattrs[k[13:]] = v.encode("utf-8", "surrogateescape")
                r["xattrs"] = xattrs
                if m.islnk():
                    target = norm(m.linkname.encode("utf-8", "surrogateescape"))
                    ents[path] = ents[target]  # the same inode
                    continue
                if m.isdir():
                    r["type"] = "dir"
                    if path in ents and ents[path]["type"] == "dir":
                        ents[path].update(r)
                        continue
                elif m.issym():
                    r["type"] = "symlink"
                    r["target"] = m.linkname.encode("utf-8", "surrogateescape")
                    r["size"] = len(r["target"])
                elif m.ischr() or m.isblk():
                    r["type"] = "chr" if m.ischr() else "blk"
                    r["rdev"] = "%d:%d" % (m.devmajor, m.devminor)
                elif m.isfifo():
                    r["type"] = "fifo"
                elif m.isfile():
                    r["type"] = "reg"
                    r["size"] = m.size
                    h = hashlib.sha256()
                    f = t.extractfile(m)
                    while True:
                        b = f.read(1 << 20)
                        if not b:
                            break
                        h.update(b)
                    r["sha"] = h.hexdigest()
                else:
                    continue
                ents[path] = r
    # Hard-link groups: paths sharing one record.
    by_id = {}
    for p, r in ents.items():
        by_id.setdefault(id(r), []).append(p)
    out = []
    for p, r in ents.items():
        peers = sorted(by_id[id(r)])
        rr = dict(r)
        if len(peers) > 1:
            rr["group"] = peers[0]
        out.append((p, rr))
    return out


# ---- image side (debugfs) ----
def debugfs(image, cmds):
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.write("\n".join(cmds) + "\n")
        name = f.name
    try:
        out = subprocess.run(["debugfs", "-f", name, image], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, check=True).stdout
    finally:
        os.unlink(name)
    # Split on the echoed commands.
    pieces = re.split(rb"^debugfs: (.*)\n", out, flags=re.M)
    res = []
    for i in range(1, len(pieces), 2):
        res.append(pieces[i + 1])
    return res


LS_RE = re.compile(rb"/(\d+)/([0-7]+)/(-?\d+)/(-?\d+)/([^/]*)/(\d*)/\n")


def time_field(stat, name):
    m = re.search(rb"^\s*" + name + rb": 0x([0-9a-f]+):([0-9a-f]+)", stat, re.M)
    lo = int(m.group(1), 16)
    extra = int(m.group(2), 16)
    lo = lo - (1 << 32) if lo >= (1 << 31) else lo
    sec = lo + ((extra & 3) << 32)
    return (sec, extra >> 2)


def list_img(image):
    tmp = tempfile.mkdtemp()
    paths = {b".": 2}
    modes = {b".": 0o40755}
    level = [b"."]
    while level:
        outs = debugfs(image, ["ls -p <%d>" % paths[d] for d in level])
        nxt = []
        for d, o in zip(level, outs):
            for m in LS_RE.finditer(o):
                ino, mode, name = int(m.group(1)), int(m.group(2), 8), m.group(5)
                if name in (b".", b".."):
                    continue
                if d == b"." and name == b"lost+found":
                    continue
                p = name if d == b"." else d + b"/" + name
                paths[p] = ino
                modes[p] = mode
                if (mode & 0o170000) == 0o040000:
                    nxt.append(p)
        level = nxt
    plist = sorted(paths)
    cmds = []
    for p in plist:
        ino = paths[p]
        cmds.append("stat <%d>" % ino)
    stats = debugfs(image, cmds)
    dumps = []
    xcmds = []
    info = {}
    for p, st in zip(plist, stats):
        ino = paths[p]
        mode = modes[p]
        m = re.search(rb"Type: (.*?)\s+Mode:", st)
        typ = {b"regular": "reg", b"directory": "dir", b"symlink": "symlink",
               b"character special": "chr", b"block special": "blk", b"FIFO": "fifo",
               b"socket": "sock"}[m.group(1)]
        r = {"type": typ, "mode": mode & 0o7777}
        m = re.search(rb"User:\s+(-?\d+)\s+Group:\s+(-?\d+)", st)
        r["uid"], r["gid"] = int(m.group(1)) & 0xFFFFFFFF, int(m.group(2)) & 0xFFFFFFFF
        size = int(re.search(rb"Size: (\d+)", st).group(1))
        r["links"] = int(re.search(rb"Links: (\d+)", st).group(1))
        r["blockcount"] = int(re.search(rb"Blockcount: (\d+)", st).group(1))
        r["mtime"] = time_field(st, b"mtime")
        r["atime"] = time_field(st, b"atime")
        r["ctime"] = time_field(st, b"ctime")
        xa = re.search(rb"Extended attributes:\n((?:  .*\n)*)", st)
        names = []
        if xa:
            for line in xa.group(1).splitlines():
                mm = re.match(rb"  (\S+) \((\d+)\)", line)
                if mm:
                    names.append(mm.group(1))
        for i, n in enumerate(names):
            f = os.path.join(tmp, "x%d_%d" % (ino, i))
            xcmds.append("ea_get -f %s <%d> %s" % (f, ino, n.decode()))
        r["_xnames"] = names
        if typ == "reg":
            r["size"] = size
            f = os.path.join(tmp, "d%d" % ino)
            dumps.append("dump <%d> %s" % (ino, f))
        elif typ == "symlink":
            r["size"] = size
            m = re.search(rb'Fast link dest: "(.*)"\n?\Z', st, re.S)
            if m:
                r["target"] = m.group(1)
            else:
                f = os.path.join(tmp, "d%d" % ino)
                dumps.append("dump <%d> %s" % (ino, f))
        elif typ in ("chr", "blk"):
            m = re.search(rb"Device major/minor number: ([0-9a-f]+):([0-9a-f]+)", st)
            r["rdev"] = "%d:%d" % (int(m.group(1)), int(m.group(2)))
        info[p] = r
    if dumps or xcmds:
        debugfs(image, dumps + xcmds)
    by_ino = {}
    for p in plist:
        by_ino.setdefault(paths[p], []).append(p)
    out = []
    for p in plist:
        r = info[p]
        ino = paths[p]
        f = os.path.join(tmp, "d%d" % ino)
        if r["type"] == "reg":
            h = hashlib.sha256()
            with open(f, "rb") as fh:
                while True:
                    b = fh.read(1 << 20)
                    if not b:
                        break
                    h.update(b)
            r["sha"] = h.hexdigest()
        elif r["type"] == "symlink" and "target" not in r:
            with open(f, "rb") as fh:
                r["target"] = fh.read()
        xattrs = {}
        for i, n in enumerate(r["_xnames"]):
            with open(os.path.join(tmp, "x%d_%d" % (ino, i)), "rb") as fh:
                xattrs[n.decode()] = fh.read()
        r["xattrs"] = xattrs
        peers = sorted(by_ino[ino])
        if len(peers) > 1:
            r["group"] = peers[0]
        out.append((p, r))
    for name in os.listdir(tmp):
        os.unlink(os.path.join(tmp, name))
    os.rmdir(tmp)
    return out


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "tar":
        ents = list_tar(int(sys.argv[2]), sys.argv[3:])
    elif len(sys.argv) == 3 and sys.argv[1] == "img":
        ents = list_img(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "blocks":
        # "blocks IMAGE": path and allocated 512-byte sectors of every regular file
        for p, r in list_img(sys.argv[2]):
            if r["type"] == "reg":
                print("%s\t%d\t%d" % (esc(p), r["size"], r["blockcount"]))
        return 0
    else:
        sys.stderr.write(__doc__)
        return 2
    for p, r in sorted(ents):
        print(record(p, r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
