// Benchmark baseline: the cost of loading cdktf and the two providers and synthesizing empty stacks.
const { App, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { CloudflareProvider } = require('@cdktf/provider-cloudflare/lib/provider');
const { mkdtempSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'sigma-bench-empty-')) });
for (const name of ['mvp', 'growth', 'production']) {
  const stack = new TerraformStack(app, `empty-${name}`);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  new CloudflareProvider(stack, 'cloudflare', {});
}
app.synth();
