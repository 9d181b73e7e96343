// int80 cc: how the user's directories appear to the sandboxed compiler (part of the isomorphic core).
export const V_OVERLAY = '/int80/include-map.yaml';

/**
 * The include map: clang's virtual file system overlay (-ivfsoverlay) listing
 * every user file put in the tree at its real absolute path. The sandboxed
 * compiler's file system ignores `..` in a path (`lib/../config.h` would be
 * `lib/config.h` there); clang's overlay canonicalizes a path (removing `.` and
 * `..`, as the real directory walk would) before it looks it up, so
 * `#include "../config.h"`, `-I..` and `-I../include` find what gcc finds.
 * Names in diagnostics and __FILE__ stay as the user spelled them
 * (use-external-names: false), as gcc prints them.
 */
export function includeOverlay(userFiles: Iterable<string>): string {
  interface Dir { dirs: Map<string, Dir>; files: string[] }
  const root: Dir = { dirs: new Map(), files: [] };
  for (const f of userFiles) {
    const parts = f.split('/').filter((x) => x.length > 0);
    let d = root;
    for (const part of parts.slice(0, -1)) {
      let next = d.dirs.get(part);
      if (!next) d.dirs.set(part, (next = { dirs: new Map(), files: [] }));
      d = next;
    }
    d.files.push(parts[parts.length - 1]);
  }
  const emit = (d: Dir, at: string): object[] => [
    ...[...d.dirs].map(([name, sub]) => ({ type: 'directory', name, contents: emit(sub, `${at}/${name}`) })),
    ...d.files.map((name) => ({ type: 'file', name, 'external-contents': `${at}/${name}` })),
  ];
  return JSON.stringify({ version: 0, 'case-sensitive': 'true', 'use-external-names': false,
    roots: [{ type: 'directory', name: '/', contents: emit(root, '') }] });
}

