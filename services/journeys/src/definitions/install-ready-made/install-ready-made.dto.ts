import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, IsPositive, IsString, Matches, Max, Min } from 'class-validator';

export class InstallReadyMadeDto {
  @ApiPropertyOptional({ description: 'Multiplies step waits and timeouts; 1/360 turns 1h into 10s', example: 0.0027777777777777775 })
  @IsOptional()
  @IsNumber()
  @IsPositive()
  @Max(1000)
  waitScale?: number;

  @ApiPropertyOptional({ description: 'Channel key every message goes out on', example: 'kakao' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-_]{0,63}$/)
  channel?: string;

  @ApiPropertyOptional({ description: "Replaces each journey's holdout share", example: 0 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(0.5)
  holdout?: number;

  @ApiPropertyOptional({ description: 'Publish what changed (default true)', example: true })
  @IsOptional()
  @IsBoolean()
  publish?: boolean;
}
