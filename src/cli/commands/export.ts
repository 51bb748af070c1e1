// `pingyi export`: the database's current data, scheme tables and results as partitioned Parquet.
import { resolve } from 'node:path';
import { exportParquet } from '../../pipeline/export-parquet.ts';
import { DB_OPTION, WAIT_OPTION } from '../build-options.ts';
import { defineCommand } from '../command.ts';
import { err, out } from '../print.ts';
import { waitingFor } from '../../pipeline/lock.ts';

export const exportCommand = defineCommand({
  command: 'export',
  describe: '把数据库中的当前数据、评议方案表和评分结果导出为 Parquet（按评议期和片区分区），供其他数据库引擎使用',
  builder: (y) =>
    y
      .option('parquet', {
        type: 'string',
        demandOption: '请用 --parquet 指定导出文件夹',
        describe: '导出文件夹（每次整体替换；每张表一个子文件夹）',
      })
      .option('db', DB_OPTION)
      .option('wait', WAIT_OPTION),
  handler: async (a) => {
    const manifest = await exportParquet({
      db: a.db,
      dir: a.parquet,
      wait: a.wait,
      onWait: (owner) => err(waitingFor(owner)),
    });
    const width = Math.max(...manifest.tables.map((t) => t.name.length));
    for (const t of manifest.tables) {
      const parts = t.partitionBy.length > 0 ? `按 ${t.partitionBy.join('、')} 分区` : '不分区';
      out(
        `  ${t.name.padEnd(width)}  ${String(t.rows).padStart(8)} 行  ${String(t.files).padStart(4)} 个文件  ${parts}`,
      );
    }
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const files = manifest.tables.reduce((n, t) => n + t.files, 0);
    out(
      `已导出 ${manifest.tables.length} 张表，共 ${rows} 行、${files} 个 Parquet 文件，到 ${resolve(a.parquet)}（说明见 docs/scale.md）`,
    );
  },
});
