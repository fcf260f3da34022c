// The Azure Bot registration of the review service, signing in as the user-assigned managed identity
// (msaAppType 'UserAssignedMSI': no app secret exists to leak or expire), connected to Teams.
// Shape as in Learn "Microsoft.BotService botServices" and the Agents Toolkit's bot template.

@description('Globally unique name of the bot resource.')
param botServiceName string

@maxLength(42)
param botDisplayName string

param botServiceSku string = 'F0'
param identityResourceId string
param identityClientId string
param identityTenantId string

@description('https://<review service>/api/messages')
param botEndpoint string

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botServiceSku }
  properties: {
    displayName: botDisplayName
    endpoint: botEndpoint
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    msaAppType: 'UserAssignedMSI'
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}
