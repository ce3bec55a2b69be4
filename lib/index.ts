// oauth-clients-as-code: declare OAuth clients in CDK for Terraform stacks.
export * from './constructs';
export * from './model';
