import { type PlanSummary, renderPlanSummary } from './plan-summary';

/** Hidden first line that identifies the plan comment among a PR's comments, so it is updated, never duplicated. */
export const PLAN_COMMENT_MARKER = '<!-- sigma-pli:terraform-plan -->';

/** GitHub rejects comment bodies above 65,536 characters; keep room for the marker and the footer. */
export const MAX_COMMENT_LENGTH = 60_000;

export interface StagePlanSection {
  stage: string;
  /** Absent when the stage's plan job failed before producing a plan. */
  summary?: PlanSummary;
  /** Why there is no summary (e.g. "terraform plan failed"), shown instead. */
  error?: string;
}

export interface PlanCommentInput {
  stages: StagePlanSection[];
  /** Commit the plans were made from. */
  commitSha: string;
  /** The workflow run, whose page lists the per-stage artifacts (binary plan, JSON, text). */
  runUrl: string;
  /** Output of `pnpm cost --format markdown`, when the cost report ran. */
  costMarkdown?: string;
  /** Output of `pnpm policy --format markdown`, when the policy report ran. */
  policyMarkdown?: string;
}

function stageSection(section: StagePlanSection): string {
  const heading = `### \`${section.stage}\``;
  if (!section.summary) return `${heading}\n\n❌ ${section.error ?? 'no plan was produced'}`;
  return `${heading}\n\n${renderPlanSummary(section.summary)}`;
}

function overviewRow(section: StagePlanSection): string {
  if (!section.summary) return `| \`${section.stage}\` | ❌ | | | | ${section.error ?? 'no plan'} |`;
  const { add, change, destroy, statefulDestroys } = section.summary;
  const warning = statefulDestroys.length > 0 ? `**${statefulDestroys.length} stateful destroy(s)**` : '';
  return `| \`${section.stage}\` | ${add + change + destroy === 0 ? '✅' : '📝'} | ${add} | ${change} | ${destroy} | ${warning} |`;
}

/** A report file as a comment section: under its own heading if it has one, else under `title`; absent if empty. */
function report(title: string, markdown: string | undefined): string | undefined {
  const text = markdown?.trim();
  if (!text) return undefined;
  return text.startsWith('#') ? text : `## ${title}\n\n${text}`;
}

/** Closes the code fence and `<details>` blocks a cut left open, so the rest of the comment renders normally. */
function closeOpenBlocks(text: string): string {
  const fences = text.split('```').length - 1;
  const openDetails = text.split('<details>').length - text.split('</details>').length;
  return `${text}${fences % 2 === 1 ? '\n```' : ''}${'\n\n</details>'.repeat(Math.max(0, openDetails))}`;
}

/** Cuts a section that would push the comment past GitHub's limit, pointing at the full text in the artifacts. */
function fitted(sections: string[], budget: number): string[] {
  const note = "\n\n… (cut to fit a GitHub comment; the full text is in the run's artifacts)";
  let used = 0;
  return sections.map((section) => {
    const room = budget - used;
    const text =
      section.length <= room
        ? section
        : `${closeOpenBlocks(section.slice(0, Math.max(0, room - 200)))}${note}`;
    used += text.length;
    return text;
  });
}

/** The whole PR comment: marker, overview table, one section per stage, then the cost and policy reports. */
export function renderPlanComment(input: PlanCommentInput): string {
  const header = [
    PLAN_COMMENT_MARKER,
    '## Terraform plan',
    '',
    `Commit \`${input.commitSha.slice(0, 12)}\` · [workflow run and artifacts](${input.runUrl}) (binary plan, JSON and text per stage)`,
    '',
    '| Stage | | Add | Change | Destroy | |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...input.stages.map(overviewRow),
  ].join('\n');
  const reports = [
    report('Cost estimate', input.costMarkdown),
    report('Policy report', input.policyMarkdown),
  ].filter((text): text is string => text !== undefined);
  const footer = `<sub>Updated in place on every push. Merging to main applies exactly these plans (see README, Deploying).</sub>`;
  const body = fitted(
    [...input.stages.map(stageSection), ...reports],
    MAX_COMMENT_LENGTH - header.length - footer.length,
  );
  return [header, ...body, footer].join('\n\n');
}

/** Who posts the plan comment: the workflow's GITHUB_TOKEN. A marker in someone else's comment is ignored. */
export const COMMENT_AUTHOR = 'github-actions[bot]';

/**
 * The id of the plan comment to update, from `gh api --paginate --slurp repos/{repo}/issues/{n}/comments` (an array
 * of pages) or a single page; `undefined` means there is none yet and one is created.
 */
export function findPlanComment(pages: unknown): number | undefined {
  if (!Array.isArray(pages)) throw new Error('expected the JSON array of the pull request comments');
  const comments: unknown[] = pages.flatMap((page) => (Array.isArray(page) ? page : [page]));
  const ours = comments.filter(
    (comment): comment is { id: number; body: string; user: { login: string } } => {
      const candidate = comment as { id?: unknown; body?: unknown; user?: { login?: unknown } } | null;
      return (
        typeof candidate?.id === 'number' &&
        typeof candidate.body === 'string' &&
        candidate.body.startsWith(PLAN_COMMENT_MARKER) &&
        candidate.user?.login === COMMENT_AUTHOR
      );
    },
  );
  return ours.at(-1)?.id;
}
