declare interface IRiskRegisterWebPartStrings {
  PropertyPaneDescription: string;
  SettingsGroupName: string;
  RegisterFieldLabel: string;
  DefaultViewFieldLabel: string;
  ViewRegister: string;
  ViewHeatMap: string;
  ViewSummary: string;
  ViewReviews: string;
  ServiceGroupName: string;
  ApiUrlFieldLabel: string;
  ApiResourceFieldLabel: string;
}

declare module 'RiskRegisterWebPartStrings' {
  const strings: IRiskRegisterWebPartStrings;
  export = strings;
}
