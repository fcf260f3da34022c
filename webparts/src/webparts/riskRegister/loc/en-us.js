define([], function () {
  return {
    PropertyPaneDescription: 'Which register this web part shows and the view it opens with.',
    SettingsGroupName: 'Register',
    RegisterFieldLabel: 'Register name (leave empty for all registers on this site)',
    DefaultViewFieldLabel: 'Opens with',
    ViewRegister: 'Register',
    ViewHeatMap: 'Heat map',
    ViewSummary: 'Summary',
    ViewReviews: 'Review status',
    ServiceGroupName: 'Saving changes',
    ApiUrlFieldLabel: 'Review service address (https://…; every change is saved through it)',
    ApiResourceFieldLabel: 'Review service API (its Application ID URI, e.g. api://…/<client id>)',
  };
});
