{{- define "shared.name" -}}from-deep{{- end -}}
{{- define "only.deep" -}}only-deep{{- end -}}
