# Deputies, liaison stations and suggestions arrive with their issue.
