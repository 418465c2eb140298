import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DnsRecord } from '@cdktf/provider-cloudflare/lib/dns-record';
import { Fn, TerraformIterator, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface CertificateProps {
  /** Host name the certificate is for (the stage's public host name). */
  hostname: string;
  /** Cloudflare zone holding the validation records. */
  zoneId: string;
  /** AWS provider of another region, for certificates CloudFront uses (they must be in us-east-1). */
  provider?: TerraformProvider;
}

/**
 * ACM certificate for the ALB, validated through DNS records written into the Cloudflare zone. Consumers use
 * `certificateArn`, which resolves only once ACM has issued the certificate.
 */
export class Certificate extends Construct {
  readonly certificateArn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, 'certificate', {
      provider: props.provider,
      domainName: props.hostname,
      validationMethod: 'DNS',
      keyAlgorithm: 'EC_prime256v1',
      // The listener must always have a certificate: the new one is issued before the old one goes.
      lifecycle: { createBeforeDestroy: true },
    });

    // One record per validation option, keyed by domain name (known at plan time, unlike the record values).
    const validations = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const records = new DnsRecord(this, 'validation-record', {
      forEach: validations,
      zoneId: props.zoneId,
      // Cloudflare stores names and targets without the trailing dot ACM gives them.
      name: Fn.trimsuffix(validations.getString('resource_record_name'), '.'),
      type: validations.getString('resource_record_type'),
      content: Fn.trimsuffix(validations.getString('resource_record_value'), '.'),
      ttl: 60,
      // Validation records must be answered by DNS as-is, never through the proxy.
      proxied: false,
      comment: `ACM validation for ${props.hostname}`,
    });

    const validation = new AcmCertificateValidation(this, 'validation', {
      provider: props.provider,
      certificateArn: certificate.arn,
      dependsOn: [records],
    });
    this.certificateArn = validation.certificateArn;
  }
}
