"""Two Kiro profiles, one per Okta org, each through its own Okta provider."""

import pulumi
import pulumi_okta as okta
import pulumi_kiro_okta as kiro_okta

config = pulumi.Config()

dev_org = okta.Provider("okta-dev", org_name="acme-dev", base_url="oktapreview.com", api_token=config.require_secret("oktaDevToken"))
prod_org = okta.Provider("okta-prod", org_name="acme", base_url="okta.com", api_token=config.require_secret("oktaProdToken"))

dev = kiro_okta.KiroOkta(
    "kiro-dev",
    assign_groups=["Kiro-Users"],
    okta_org_name="acme-dev",
    okta_base_url="oktapreview.com",
    protect=False,
    opts=pulumi.ResourceOptions(providers=[dev_org]),
)

prod = kiro_okta.KiroOkta(
    "kiro-prod",
    assign_groups=["Kiro-Users", "Kiro-Admins"],
    push_groups=["Kiro-Push"],
    scim_app="catalog",
    scim_endpoint="https://scim.us-east-1.amazonaws.com/abcd/scim/v2",
    scim_token=config.require_secret("scimToken"),
    okta_org_name="acme",
    opts=pulumi.ResourceOptions(providers=[prod_org]),
)

pulumi.export("devIssuerMetadataUrl", dev.issuer_metadata_url)
pulumi.export("devClientId", dev.client_id)
pulumi.export("prodIssuerMetadataUrl", prod.issuer_metadata_url)
pulumi.export("prodClientId", prod.client_id)
pulumi.export("prodScimRunbook", prod.scim_runbook)
