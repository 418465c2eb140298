import { usageFor } from '@sigma-pli/config';
import { loadStageStacks } from '@sigma-pli/terraform-json';
import { describe, expect, it } from 'vitest';
import { estimateStage, type LineItem } from './estimate';
import { loadPriceTable } from './prices';

/**
 * The real synthesized stacks (`pnpm synth` runs first through turbo): every stage's line items follow its stage
 * definition, and every default stage is within its budget.
 */
const { config, stacks } = loadStageStacks();
const prices = loadPriceTable();
const hours = prices.hoursPerMonth;

describe.each(stacks.map((entry) => [entry.stage.name, entry] as const))(
  'stage %s',
  (_name, { stage, document }) => {
    const estimate = estimateStage({
      document,
      stage,
      account: config.account,
      usage: usageFor(stage),
      prices,
    });
    const line = (predicate: (item: LineItem) => boolean) => estimate.lines.find(predicate);

    it('is within its budget', () => {
      expect(estimate.unpricedTypes).toEqual([]);
      expect(
        estimate.totalUsd,
        `${stage.name}: $${estimate.totalUsd} > $${stage.budget.monthlyUsd}`,
      ).toBeLessThanOrEqual(stage.budget.monthlyUsd);
      if (stage.budget.monthlyUsd !== stage.budget.architectureEstimateUsd) {
        expect(stage.budget.note, 'a raised budget explains its arithmetic').toMatch(/\$\d/);
      }
    });

    it('prices the instances, NAT gateways and load balancer the stage asks for', () => {
      const { compute, network } = stage;
      expect(line((item) => item.line === `${compute.instanceType} instance hours`)?.quantity).toBe(
        compute.desiredCapacity * hours,
      );
      const natGateways = network.natGateways === 'per-az' ? network.azCount : 1;
      expect(line((item) => item.line === 'NAT gateway hours')?.quantity).toBe(natGateways * hours);
      expect(line((item) => item.line === 'Public IPv4 addresses (Elastic IPs)')?.quantity).toBe(
        natGateways * hours,
      );
      expect(line((item) => item.line === 'ALB hours')?.quantity).toBe(hours);
    });

    it('prices the database, replica and cache of the stage', () => {
      const { database, cache } = stage;
      const multiAz = database.multiAz ? ' Multi-AZ' : '';
      const primary = line((item) => item.group === 'RDS' && item.line.endsWith('instance hours'));
      if (database.mode === 'create') {
        expect(primary?.line).toBe(`${database.instanceClass}${multiAz} instance hours`);
        expect(primary?.quantity).toBe((database.multiAz ? 2 : 1) * hours);
      } else {
        expect(primary).toBeUndefined();
      }
      const replica = line((item) => item.group === 'Read Replica' && item.line.endsWith('instance hours'));
      expect(replica?.line).toBe(
        database.readReplica ? `${database.readReplica.instanceClass} instance hours` : undefined,
      );
      const nodes = line((item) => item.group === 'Cache');
      expect(nodes?.quantity).toBe(cache.enabled ? cache.nodeCount * hours : undefined);
    });

    it('prices WAF and the health canary only where the stage enables them', () => {
      const { edge, observability } = stage;
      expect(line((item) => item.line === 'WAF web ACLs') !== undefined).toBe(edge.awsWaf);
      const canary = line((item) => item.line.startsWith('Synthetics canary runs'));
      expect(
        canary?.quantity,
        'the canary schedule comes from stage.observability.canaryIntervalMinutes',
      ).toBe(observability.syntheticsCanary ? (hours * 60) / observability.canaryIntervalMinutes : undefined);
    });
  },
);
