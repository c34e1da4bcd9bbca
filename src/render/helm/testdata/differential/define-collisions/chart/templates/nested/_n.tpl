{{- define "file.level" -}}parent-nested{{- end -}}
{{- define "shared.sub" -}}parent-nested-sub{{- end -}}
