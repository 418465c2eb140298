/** Memory of the RDS instance sizes the platform uses, in GiB (burstable and general-purpose classes). */
const MEMORY_GIB_BY_SIZE: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
  '4xlarge': 64,
};

/** RDS for PostgreSQL's default `max_connections`: LEAST(DBInstanceClassMemory / 9531392, 5000). */
export function databaseMaxConnections(instanceClass: string): number {
  const size = instanceClass.split('.')[2] ?? '';
  const memoryGib = MEMORY_GIB_BY_SIZE[size];
  if (memoryGib === undefined) {
    throw new Error(
      `database.instanceClass ${instanceClass}: unknown size "${size}" (known: ${Object.keys(MEMORY_GIB_BY_SIZE).join(', ')})`,
    );
  }
  return Math.min(Math.floor((memoryGib * 1024 ** 3) / 9_531_392), 5000);
}
