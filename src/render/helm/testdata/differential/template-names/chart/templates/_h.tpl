{{- define "names" -}}{{ .Template.Name }}|{{ .Template.BasePath }}{{- end -}}
{{- define "names.ctx" -}}{{ .ctx.Template.Name }}{{- end -}}
