import { describe, expect, it } from 'vitest';
import { summarizePlan } from './plan-summary';
import { findPlanComment, MAX_COMMENT_LENGTH, PLAN_COMMENT_MARKER, renderPlanComment } from './pr-comment';
import { fixture, planFixture } from './test-support/fixtures';

const COMMIT = '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b';
const RUN = 'https://github.com/example-org/sigma-pli/actions/runs/123456789';
const sections = () => [
  { stage: 'mvp', summary: summarizePlan('mvp', planFixture('plan-mvp-first-apply.json')) },
  { stage: 'growth', summary: summarizePlan('growth', planFixture('plan-growth-destroys-database.json')) },
  {
    stage: 'production',
    summary: summarizePlan('production', planFixture('plan-production-no-changes.json')),
  },
];

describe('renderPlanComment', () => {
  const body = renderPlanComment({ stages: sections(), commitSha: COMMIT, runUrl: RUN });

  it('starts with the hidden marker that finds it again', () => {
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n`)).toBe(true);
  });

  it('names the commit and links the run that holds the artifacts', () => {
    expect(body).toContain('Commit `9a8b7c6d5e4f`');
    expect(body).toContain(`](${RUN})`);
  });

  it('has one overview row and one section per stage, in deployment order', () => {
    expect(body).toContain('| `mvp` | 📝 | 4 | 0 | 0 |  |');
    expect(body).toContain('| `growth` | 📝 | 2 | 1 | 4 | **2 stateful destroy(s)** |');
    expect(body).toContain('| `production` | ✅ | 0 | 0 | 0 |  |');
    const order = ['### `mvp`', '### `growth`', '### `production`'].map((heading) => body.indexOf(heading));
    expect(
      order.every((position, index) => position > 0 && (index === 0 || position > (order[index - 1] ?? 0))),
    ).toBe(true);
  });

  it('calls out the destroyed database in bold inside its stage section', () => {
    const growth = body.slice(body.indexOf('### `growth`'), body.indexOf('### `production`'));
    expect(growth).toContain('**`aws_db_instance.database_instance_4C7B9E21`**');
  });

  it('includes the cost and policy reports when they were produced, and leaves them out otherwise', () => {
    const withReports = renderPlanComment({
      stages: sections(),
      commitSha: COMMIT,
      runUrl: RUN,
      costMarkdown: '| Stage | Monthly |\n| --- | --- |\n| mvp | 35.10 USD |\n',
      policyMarkdown: '**mvp**: 48 passed, 0 failed, 2 waived\n',
    });
    expect(withReports).toContain('## Cost estimate\n\n| Stage | Monthly |');
    expect(withReports).toContain('## Policy report\n\n**mvp**: 48 passed');
    expect(body).not.toContain('## Cost estimate');
    expect(
      renderPlanComment({ stages: sections(), commitSha: COMMIT, runUrl: RUN, costMarkdown: '  \n' }),
    ).not.toContain('## Cost estimate');
  });

  it('closes the code block and details it cut, so the rest of the comment renders', () => {
    const growth = summarizePlan('growth', planFixture('plan-growth-destroys-database.json'));
    const many = {
      ...growth,
      add: 4000,
      changes: Array.from({ length: 4000 }, (_, index) => ({
        address: `aws_route53_record.record_${index}`,
        type: 'aws_route53_record',
        kind: 'create' as const,
        statefulDestroy: false,
      })),
    };
    const body = renderPlanComment({
      stages: [{ stage: 'growth', summary: many }],
      commitSha: COMMIT,
      runUrl: RUN,
    });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body.split('```').length % 2).toBe(1);
    expect(body.split('<details>').length).toBe(body.split('</details>').length);
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });

  it("keeps a report's own heading instead of adding a second one", () => {
    const withHeading = renderPlanComment({
      stages: sections(),
      commitSha: COMMIT,
      runUrl: RUN,
      costMarkdown: '## Monthly cost estimate (us-east-1, on-demand)\n\n| Stage | Total |\n',
    });
    expect(withHeading).toContain('## Monthly cost estimate (us-east-1, on-demand)');
    expect(withHeading).not.toContain('## Cost estimate');
  });

  it('shows a stage whose plan failed instead of hiding it', () => {
    const failed = renderPlanComment({
      stages: [{ stage: 'mvp', error: 'terraform plan failed' }],
      commitSha: COMMIT,
      runUrl: RUN,
    });
    expect(failed).toContain('| `mvp` | ❌ | | | | terraform plan failed |');
    expect(failed).toContain('### `mvp`\n\n❌ terraform plan failed');
  });

  it("stays within GitHub's comment size, cutting the longest report and saying so", () => {
    const huge = renderPlanComment({
      stages: sections(),
      commitSha: COMMIT,
      runUrl: RUN,
      policyMarkdown: `| rule | result |\n${'| S3_PUBLIC_ACCESS_BLOCK | pass |\n'.repeat(5000)}`,
    });
    expect(huge.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(huge).toContain("cut to fit a GitHub comment; the full text is in the run's artifacts");
    expect(huge).toContain('**`aws_db_instance.database_instance_4C7B9E21`**');
  });
});

describe('findPlanComment', () => {
  it("finds the bot's marked comment across pages, ignoring people quoting the marker", () => {
    expect(findPlanComment(fixture('pr-comments.json'))).toBe(2401007);
  });

  it('returns nothing on a pull request without the comment, so a new one is created', () => {
    expect(
      findPlanComment([[{ id: 1, user: { login: 'github-actions[bot]' }, body: 'CI passed' }]]),
    ).toBeUndefined();
    expect(findPlanComment([])).toBeUndefined();
  });

  it('rejects input that is not a list of comments', () => {
    expect(() => findPlanComment({ message: 'Not Found' })).toThrow(/JSON array/);
  });
});
