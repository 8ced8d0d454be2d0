/** Layer names an exit may read beyond the presets, in depth order, and other names users may give them. */
export interface ExitPoints {
  candidates: string[];
  aliases: Record<string, string>;
}

/**
 * The residual stages of torchvision-style ResNets (`layerS.B`): every block output is a candidate. A stage's last
 * block output carries the stage's name (`layerS`) so presets stay short; its block name is accepted as an alias.
 */
export function residualStageExits(blocksPerStage: readonly number[]): ExitPoints {
  const candidates: string[] = [];
  const aliases: Record<string, string> = {};
  blocksPerStage.forEach((blocks, s) => {
    const stage = `layer${s + 1}`;
    for (let b = 0; b < blocks - 1; b++) candidates.push(`${stage}.${b}`);
    candidates.push(stage);
    aliases[`${stage}.${blocks - 1}`] = stage;
  });
  return { candidates, aliases };
}
