// Why a file named on the command line or in a settings file could not be read, in words: the
// system's codes (ENOENT, EACCES) mean nothing to the office.
const REASONS: Record<string, string> = {
  ENOENT: '找不到该文件，请检查路径和文件名',
  ENOTDIR: '路径中有一段不是文件夹，请检查路径',
  EISDIR: '这是一个文件夹，请指定其中的文件',
  EACCES: '没有读取权限，请检查文件的权限',
  EPERM: '没有读取权限，请检查文件的权限',
  EMFILE: '同时打开的文件太多，请稍后重新运行',
};

export function unreadableReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (code && REASONS[code]) ?? `无法读取（${code ?? String(e)}）`;
}

/** Why a folder could not be made (for the database, a lock or the output), in words. */
export function folderNotMadeReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return '路径中有一段是文件，不是文件夹';
  if (code === 'EACCES' || code === 'EPERM') return '没有在那里建立文件夹的权限';
  return unreadableReason(e);
}
