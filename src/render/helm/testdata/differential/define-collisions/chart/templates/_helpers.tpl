{{- define "shared.name" -}}from-parent{{- end -}}
{{- define "file.level" -}}parent-helpers{{- end -}}
