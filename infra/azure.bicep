// Azure resources of the council risk register: the review service (App Service, Linux, Node 24), the
// bot as a user-assigned managed identity (no client secret), Key Vault for the SharePoint certificate
// and the card-signing secret, and Azure Static Web Apps for the tab with the frame-ancestors policy
// Microsoft lists for Teams tabs (staticwebapp.config.json, written by the tab build).
//
// Deployed by the Microsoft 365 Agents Toolkit (`arm/deploy` in m365agents.yml, parameters from
// infra/azure.parameters.json) or by hand: `az deployment group create -g <group> -f infra/azure.bicep
// -p infra/azure.parameters.json` after filling the ${{...}} values. Every app setting below is a
// setting of the review service (src/server/config.ts); tests/deployment/infra.test.ts checks the names.
//
// The review service keeps its own state (outbox, chat ids, channels) in Azure Table Storage, reached with
// the same managed identity (role Storage Table Data Contributor, no account key: shared key access is
// off), so two instances (a restart, a slot swap) share it safely; see docs/deployment.md.
//
// Sources: the Agents Toolkit's own bot template (Microsoft.BotService/botServices with msaAppType
// 'UserAssignedMSI'); Learn "Use Key Vault references as app settings in App Service"; Learn "Configure
// Azure Static Web Apps" (globalHeaders); Learn "Tab requirements" (frame-ancestors).

@description('Base of every resource name: 4-20 lowercase letters and digits, unique in the subscription.')
@minLength(4)
@maxLength(20)
param resourceBaseName string

@description('Region of the review service and Key Vault (a UK council: uksouth or ukwest).')
param location string = resourceGroup().location

@description('Region of the tab (Static Web Apps runs in a few regions only; static files, no register data).')
@allowed(['westeurope', 'westus2', 'centralus', 'eastus2', 'eastasia'])
param tabLocation string = 'westeurope'

@description('AZURE_TENANT_ID: the Entra tenant.')
param tenantId string = subscription().tenantId

@description('AZURE_CLIENT_ID: the app registration made by aadApp/create (SharePoint certificate, write API, Graph).')
param azureClientId string

@description('SHAREPOINT_SITE_URL: the register site, https://<tenant>.sharepoint.com/sites/<name>.')
param sharePointSiteUrl string

@description('TEAMS_APP_ID: the Teams app manifest id made by teamsApp/create.')
param teamsAppId string

@description('MANAGER_GROUP: the SharePoint group whose members manage the register.')
param managerGroup string = 'Risk Register Managers'

@description('REVIEW_SCHEDULE: cron of the review run.')
param reviewSchedule string = '0 8 * * 1-5'

@description('REVIEW_TIMEZONE: IANA time zone of the schedule and of review dates.')
param reviewTimeZone string = 'Europe/London'

@description('API_ALLOWED_ORIGINS: extra https origins allowed to call the write API (comma-separated); may be empty.')
param apiAllowedOrigins string = ''

@description('TEAMS_CATALOG_APP_ID: the app\'s id in the org app catalog (Teams admin center), once published; empty: the service looks it up, which needs AppCatalog.Read.All.')
param teamsCatalogAppId string = ''

@description('Name of the Key Vault certificate the review service signs in to SharePoint with (PEM content type).')
param certificateName string = 'risk-register'

@description('Name of the Key Vault secret holding CARD_HMAC_SECRET (at least 32 characters).')
param cardSecretName string = 'card-hmac-secret'

@maxLength(42)
param botDisplayName string = 'Council risk register'

param appServiceSku string = 'B1'

@description('REVIEW_STATE_TABLE_NAME: the table the review service keeps its state in (3-63 letters and digits).')
param stateTableName string = 'reviewstate'

@description('Redundancy of the state Storage account: LRS (three copies in one datacentre) or ZRS (three zones; uksouth has zones, ukwest does not).')
@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS'])
param stateStorageSku string = 'Standard_LRS'

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// Learn, "Azure built-in roles for Storage": Storage Table Data Contributor (read, write, delete tables and entities).
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

// The bot's identity, also used by App Service to read Key Vault references.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-bot'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${resourceBaseName}-kv'
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

// The review service's state: Table service only, TLS 1.2, no anonymous blob access, no shared keys
// (Entra ID only: Learn, "Prevent Shared Key authorization for an Azure Storage account").
resource stateStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  // 3-24 lowercase letters and digits, unique in Azure.
  name: '${take(resourceBaseName, 11)}${uniqueString(resourceGroup().id)}'
  location: location
  kind: 'StorageV2'
  sku: { name: stateStorageSku }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource stateTables 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: stateStorage
  name: 'default'
}

resource stateTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: stateTables
  name: stateTableName
}

resource stateWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(stateStorage.id, identity.id, storageTableDataContributor)
  scope: stateStorage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
  }
}

resource tab 'Microsoft.Web/staticSites@2023-12-01' = {
  name: '${resourceBaseName}-tab'
  location: tabLocation
  sku: { name: 'Free', tier: 'Free' }
  properties: {}
}

var tabDomain = tab.properties.defaultHostname
var tabBaseUrl = 'https://${tabDomain}'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: 1 }
  properties: { reserved: true }
}

resource service 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-review'
  location: location
  kind: 'app,linux'
  // The service opens its state table at start: the role must exist first.
  dependsOn: [stateWriter]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node review-service.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'AZURE_TENANT_ID', value: tenantId }
        { name: 'AZURE_CLIENT_ID', value: azureClientId }
        { name: 'SHAREPOINT_SITE_URL', value: sharePointSiteUrl }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'TEAMS_CATALOG_APP_ID', value: teamsCatalogAppId }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        {
          name: 'AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY'
          value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${certificateName})'
        }
        {
          name: 'CARD_HMAC_SECRET'
          value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${cardSecretName})'
        }
        { name: 'API_APP_ID_URI', value: 'api://${tabDomain}/${azureClientId}' }
        { name: 'API_ALLOWED_ORIGINS', value: apiAllowedOrigins }
        { name: 'MANAGER_GROUP', value: managerGroup }
        { name: 'REVIEW_SCHEDULE', value: reviewSchedule }
        { name: 'REVIEW_TIMEZONE', value: reviewTimeZone }
        { name: 'TAB_BASE_URL', value: tabBaseUrl }
        // The service's state in Azure Table Storage with the managed identity (never SQLite on the /home
        // share: SQLite's WAL is not safe on a network file system, and the service refuses it there).
        { name: 'REVIEW_STATE_STORE', value: 'azure-tables' }
        { name: 'REVIEW_STATE_TABLE_ENDPOINT', value: stateStorage.properties.primaryEndpoints.table }
        { name: 'REVIEW_STATE_TABLE_NAME', value: stateTable.name }
        { name: 'REVIEW_STATE_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
      ]
    }
  }
}

module bot 'botRegistration/azurebot.bicep' = {
  name: 'risk-register-bot'
  params: {
    botServiceName: '${resourceBaseName}-bot'
    botDisplayName: botDisplayName
    identityResourceId: identity.id
    identityClientId: identity.properties.clientId
    identityTenantId: identity.properties.tenantId
    botEndpoint: 'https://${service.properties.defaultHostName}/api/messages'
  }
}

// Written to env/.env.<environment> by the Agents Toolkit (arm/deploy outputs).
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = service.properties.defaultHostName
output REVIEW_SERVICE_RESOURCE_ID string = service.id
output REVIEW_SERVICE_URL string = 'https://${service.properties.defaultHostName}'
output TAB_DOMAIN string = tabDomain
output TAB_BASE_URL string = tabBaseUrl
output TAB_STATIC_WEB_APP_RESOURCE_ID string = tab.id
output KEY_VAULT_NAME string = vault.name
output STATE_TABLE_ENDPOINT string = stateStorage.properties.primaryEndpoints.table
